package org.sigmappg.io.torch;

import java.util.Arrays;
import java.util.Optional;

/**
 * The element types a PyTorch checkpoint or a safetensors file can declare; only float32, float16, bfloat16
 * (all held as float in memory) and int64 (held as long) are read, the others are known by name so that a
 * refusal can say which type it met.
 */
public enum TorchDType {
    FLOAT32("float32", 4, "FloatStorage", "F32"),
    FLOAT16("float16", 2, "HalfStorage", "F16"),
    BFLOAT16("bfloat16", 2, "BFloat16Storage", "BF16"),
    INT64("int64", 8, "LongStorage", "I64"),
    FLOAT64("float64", 8, "DoubleStorage", "F64"),
    INT32("int32", 4, "IntStorage", "I32"),
    INT16("int16", 2, "ShortStorage", "I16"),
    INT8("int8", 1, "CharStorage", "I8"),
    UINT8("uint8", 1, "ByteStorage", "U8"),
    UINT16("uint16", 2, null, "U16"),
    UINT32("uint32", 4, null, "U32"),
    UINT64("uint64", 8, null, "U64"),
    BOOL("bool", 1, "BoolStorage", "BOOL"),
    COMPLEX64("complex64", 8, "ComplexFloatStorage", "C64"),
    COMPLEX128("complex128", 16, "ComplexDoubleStorage", null),
    FLOAT8_E4M3FN("float8_e4m3fn", 1, "Float8_e4m3fnStorage", "F8_E4M3"),
    FLOAT8_E5M2("float8_e5m2", 1, "Float8_e5m2Storage", "F8_E5M2");

    private final String torchName;
    private final int bytes;
    private final String storageClass;
    private final String safetensorsName;

    TorchDType(String torchName, int bytes, String storageClass, String safetensorsName) {
        this.torchName = torchName;
        this.bytes = bytes;
        this.storageClass = storageClass;
        this.safetensorsName = safetensorsName;
    }

    /** PyTorch's name, as in {@code torch.float32}. */
    public String torchName() {
        return torchName;
    }

    /** Bytes per element in a file. */
    public int bytes() {
        return bytes;
    }

    /** Whether tensors of this type are read into memory: floats for the float types, longs for int64. */
    public boolean isRead() {
        return this == FLOAT32 || this == FLOAT16 || this == BFLOAT16 || this == INT64;
    }

    /** Whether read values are held as float (else long). */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT16 || this == BFLOAT16;
    }

    /** The name a safetensors header gives this type, if the format has one. */
    public Optional<String> safetensorsName() {
        return Optional.ofNullable(safetensorsName);
    }

    @Override
    public String toString() {
        return torchName;
    }

    /** The type of a legacy typed storage class such as {@code torch.HalfStorage}. */
    static Optional<TorchDType> ofStorageClass(String className) {
        return Arrays.stream(values()).filter(t -> className.equals(t.storageClass)).findFirst();
    }

    /** The type PyTorch names {@code torch.<name>} (as a pickled dtype is written). */
    static Optional<TorchDType> ofTorchName(String name) {
        return Arrays.stream(values()).filter(t -> t.torchName.equals(name)).findFirst();
    }

    static Optional<TorchDType> ofSafetensorsName(String name) {
        return Arrays.stream(values()).filter(t -> name.equals(t.safetensorsName)).findFirst();
    }

    /** The types that are read, for messages: "float32, float16, bfloat16 and int64". */
    static String readNames(boolean safetensors) {
        return safetensors ? "F32, F16, BF16 and I64" : "float32, float16, bfloat16 and int64";
    }
}
