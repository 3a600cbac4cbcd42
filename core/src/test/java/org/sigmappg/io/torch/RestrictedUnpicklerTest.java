package org.sigmappg.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The restricted unpickler on pickles written opcode by opcode: code is refused by name and never run,
 * other classes stay inert, and hostile structures (huge lengths, deep nesting, unhashable keys,
 * self-reference) end in a plain refusal or a bounded result rather than an exception or a crash.
 */
class RestrictedUnpicklerTest {
    @TempDir
    Path dir;

    private Path write(HandPickle pickle, String... storages) throws IOException {
        HandPickle.Archive archive = HandPickle.Archive.of(pickle.bytes());
        for (String key : storages) {
            archive.floats(key, 1.5f, -2f, 0.25f, 8f);
        }
        return archive.write(dir.resolve("hand.pth"));
    }

    private Object root(HandPickle pickle, String... storages) throws IOException {
        return TorchCheckpoint.read(write(pickle, storages)).root();
    }

    private String refusal(HandPickle pickle) throws IOException {
        Path file = write(pickle);
        return TorchFixtures.refusal(file, () -> TorchCheckpoint.read(file));
    }

    /** What torch.load would run (os.system, eval, getattr, subprocess) is refused by name before anything else happens. */
    @ParameterizedTest
    @CsvSource({"posix,system,posix.system", "os,system,os.system", "nt,system,nt.system", "builtins,eval,builtins.eval",
        "__builtin__,getattr,builtins.getattr", "builtins,exec,builtins.exec", "builtins,__import__,builtins.__import__",
        "subprocess,Popen,subprocess.Popen", "os.path,join,os.path.join", "importlib,import_module,importlib.import_module"})
    void codeIsRefusedByName(String module, String name, String shown) throws IOException {
        HandPickle p = HandPickle.protocol(2).global(module, name).mark().string("echo pwned").tuple().reduce().stop();
        String message = refusal(p);
        assertTrue(message.contains("data.pkl byte 2: the pickle names " + shown + ", which runs code"), message);
    }

    /** A call to a class that is not built becomes a placeholder holding the call's arguments; nothing is called. */
    @Test
    void otherCallsStayInert() throws IOException {
        HandPickle p = HandPickle.protocol(2).global("datetime", "date").ints(2024, 1, 2).reduce().stop();
        PickledObject date = assertInstanceOf(PickledObject.class, root(p));
        assertEquals(new PickledGlobal("datetime", "date"), date.type());
        assertEquals(List.of(2024L, 1L, 2L), date.arguments());
        assertEquals("datetime.date(2024, 1, 2)", date.toString());
    }

    @Test
    void dataBuiltinsAreBuiltOrKeptInert() throws IOException {
        HandPickle p = HandPickle.protocol(2).emptyList()
                .global("__builtin__", "frozenset").emptyList().integer(3).append().op(0x85).reduce().append()
                .global("__builtin__", "complex").ints(1, 2).reduce().append()
                .stop();
        List<?> list = (List<?>) root(p);
        assertEquals(java.util.Set.of(3L), list.get(0));
        assertEquals("builtins.complex(1, 2)", list.get(1).toString());
    }

    @Test
    void aSelfContainingListIsWrittenAsPythonWritesIt() throws IOException {
        HandPickle p = HandPickle.protocol(2).emptyList().put(0).get(0).append().stop();
        Object root = root(p);
        assertEquals("[[...]]", TorchCheckpoint.toText(root));
    }

    @Test
    void deepNestingStaysBounded() throws IOException {
        HandPickle p = HandPickle.protocol(2);
        int depth = 5000;
        for (int i = 0; i < depth; i++) {
            p.emptyList();
        }
        for (int i = 0; i < depth - 1; i++) {
            p.append();
        }
        String text = TorchCheckpoint.toText(root(p.stop()));
        assertTrue(text.startsWith("[[[[") && text.contains("..."), text.substring(0, 20));
        assertTrue(text.length() < 1000);
    }

    /** POP and POP_MARK, which CPython writes for recursive tuples. */
    @Test
    void popAndPopMarkDiscard() throws IOException {
        HandPickle p = HandPickle.protocol(2).mark().integer(1).integer(2).op('1').integer(3).integer(4).op('0').stop();
        assertEquals(3L, root(p));
    }

    @Test
    void unhashableKeysAreRefused() throws IOException {
        HandPickle p = HandPickle.protocol(2).emptyDict().emptyList().op('N').setItem().stop();
        String message = refusal(p);
        assertTrue(message.endsWith("a dict key is a list, which Python cannot hash: the pickle is malformed"), message);
    }

    @Test
    void aLengthBeyondThePickleIsRefusedBeforeAllocating() throws IOException {
        HandPickle p = HandPickle.protocol(2).op('X').u32(0x7FFFFFF0L).stop();
        String message = refusal(p);
        assertTrue(message.contains("a length of 2147483632 runs past the end of the pickle"), message);
    }

    @Test
    void nestingAndStackAreCapped() throws IOException {
        HandPickle marks = HandPickle.protocol(2);
        for (int i = 0; i <= RestrictedUnpickler.MAX_MARKS; i++) {
            marks.mark();
        }
        String message = refusal(marks.stop());
        assertTrue(message.contains("nests more than 10000 levels deep"), message);

        HandPickle values = HandPickle.protocol(2);
        for (int i = 0; i <= RestrictedUnpickler.MAX_STACK; i++) {
            values.op('N');
        }
        message = refusal(values.stop());
        assertTrue(message.contains("holds more than 1048576 values at once"), message);

    }

    /** One list appended to itself over and over costs 3 bytes of pickle per reference, so values are counted and capped. */
    @Test
    void referencesAreCapped() {
        HandPickle references = HandPickle.protocol(2).emptyList().put(0);
        for (int i = 0; i < 1000; i++) {
            references.get(0).append();
        }
        byte[] pickle = references.stop().bytes();
        Path file = dir.resolve("references.pth");
        String message = TorchFixtures.refusal(file, () -> new RestrictedUnpickler(pickle, file, "data.pkl", null, 1000).load());
        assertTrue(message.endsWith("the pickle builds more than 1000 values; a checkpoint never does"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "7d2e|is a pickle of protocol 0 or 1; only protocols 2 to 5 are read",
        "80062e|pickle protocol 6 is not read",
        "8002|the pickle ends before its STOP opcode",
        "80026805|the pickle recalls value 5, which it never stored: the pickle is malformed",
        "8002ff|byte 0xff is not a pickle opcode",
        "800249310a2e|pickle opcode INT is not read",
        "80022e|the pickle takes a value from an empty stack: the pickle is malformed",
        "8002652e|the pickle closes a group it never opened (no MARK): the pickle is malformed",
        "80024e4e522e|the pickle calls None, which is not a class or function: the pickle is malformed",
        "80024e4e622e|the pickle sets the state of None: the pickle is malformed"})
    void malformedPicklesAreRefused(String hex, String problem) throws IOException {
        HandPickle p = new HandPickle().raw(java.util.HexFormat.of().parseHex(hex));
        String message = refusal(p);
        assertTrue(message.contains(problem), message);
    }

    /** torch 2.x writes tensors of types without a typed storage with _rebuild_tensor_v3 on an untyped (byte) storage. */
    @Test
    void rebuildV3TakesTheTypeFromItsArguments() throws IOException {
        HandPickle p = HandPickle.protocol(2).global("torch._utils", "_rebuild_tensor_v3").mark()
                .storage("UntypedStorage", "0", 16).integer(1).ints(3).ints(1).op(0x89)
                .global("collections", "OrderedDict").emptyTuple().reduce().global("torch", "float32").tuple().reduce().stop();
        TorchTensor t = assertInstanceOf(TorchTensor.class, root(p, "0"));
        assertArrayEquals(new float[] {-2f, 0.25f, 8f}, t.floats());
    }

    /** nn.Parameter as each PyTorch version pickles it: the tensor inside, its flags and state dropped. */
    @ParameterizedTest
    @CsvSource({"torch._utils,_rebuild_parameter", "torch._utils,_rebuild_parameter_with_state", "torch.nn.parameter,Parameter"})
    void parametersAreTheirTensors(String module, String name) throws IOException {
        HandPickle p = HandPickle.protocol(2).global(module, name).mark()
                .tensor("FloatStorage", "0", 4, 0, new long[] {4}, new long[] {1}).op(0x88)
                .global("collections", "OrderedDict").emptyTuple().reduce().emptyDict().tuple().reduce().stop();
        TorchTensor t = assertInstanceOf(TorchTensor.class, root(p, "0"));
        assertArrayEquals(new float[] {1.5f, -2f, 0.25f, 8f}, t.floats());
    }

    @Test
    void typesThatAreNotReadKeepTheirShapeButNoValues() throws IOException {
        HandPickle p = HandPickle.protocol(2).emptyDict().string("model").emptyDict().string("w")
                .tensor("DoubleStorage", "0", 2, 0, new long[] {2}, new long[] {1}).setItem().setItem().stop();
        Path file = write(p, "0");
        TorchCheckpoint checkpoint = TorchCheckpoint.read(file);
        TorchTensor w = (TorchTensor) ((Map<?, ?>) ((Map<?, ?>) checkpoint.root()).get("model")).get("w");
        assertEquals(TorchDType.FLOAT64, w.dtype());
        assertArrayEquals(new long[] {2}, w.shape());
        assertFalse(w.hasData());
        String message = TorchFixtures.refusal(file, checkpoint::stateDict);
        assertTrue(message.endsWith("checkpoint['model']['w'] is a float64 tensor; only float32, float16, bfloat16 and int64"
                + " tensors are read"), message);
    }

    @Test
    void unknownStorageClassesAreRefusedByName() throws IOException {
        HandPickle p = HandPickle.protocol(2).tensor("QInt8Storage", "0", 16, 0, new long[] {2}, new long[] {1}).stop();
        String message = refusal(p);
        assertTrue(message.contains("storage class torch.QInt8Storage is not read"), message);
    }
}
