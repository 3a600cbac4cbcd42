"""Command line shared by tokenizer_torch.py and pretrain_torch.py; imports no torch, so that the thread
pools can be sized before torch loads."""
import os


def add_arguments(parser):
    parser.add_argument("--params", required=True, help="JSON file with the Java side's parameter records")
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--patches", type=int, default=240)
    parser.add_argument("--steps", type=int, default=3, help="timed steps per repetition")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--repetitions", type=int, default=3, help="repetitions when not serving")
    parser.add_argument("--threads", type=int, required=True, help="intra-op threads (the Java side's)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve", action="store_true",
                        help="after the warm-up, time --steps steps for every line 'run' on stdin (the Java side "
                             "alternates with its own timings) and print one JSON line each")


def parse(parser):
    """Parses the arguments and sizes OpenMP's and the BLAS's pools to --threads: both read their
    environment only when torch loads, and OpenBLAS would otherwise start one thread per core."""
    add_arguments(parser)
    args = parser.parse_args()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    return args
