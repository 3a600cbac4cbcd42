package org.sigmappg.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sigmappg.io.ReadException;

/**
 * A pickle machine for protocols 2 to 5 that builds only plain data (dicts, lists, tuples, sets, numbers,
 * strings, bytes) and tensors, and never imports or calls anything: a class or function the pickle names
 * becomes a {@link PickledGlobal}, a call to it an inert {@link PickledObject}. Names of modules that run
 * code or reach the system ({@code os.system}, {@code builtins.eval}, ...) are refused outright, since no
 * checkpoint needs them and their presence means the file was made to attack whoever loads it.
 */
final class RestrictedUnpickler {
    /** Where the tensors of a checkpoint come from: storages by key, and views on them. */
    interface Storages {
        StorageReference storage(String key, String storageClass, TorchDType dtype, long numel, String where) throws IOException;

        TorchTensor tensor(StorageReference storage, TorchDType dtype, long offset, long[] size, long[] stride, String where)
                throws IOException;
    }

    /** Far beyond what a checkpoint's pickle holds (a few entries per tensor), low enough to bound memory. */
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MEMO = 1 << 20;
    static final int MAX_MARKS = 10_000;
    /**
     * Every value a container holds was pushed once, so this bounds the references the pickle can build
     * (a few bytes of pickle can append one object again and again) far above any checkpoint's needs.
     */
    static final int MAX_VALUES = 1 << 24;
    private static final int MAX_NAME = 1000;

    /** Modules whose callables run code or touch files, processes or the network. */
    private static final Set<String> CODE_MODULES = Set.of("os", "posix", "nt", "subprocess", "sys", "shutil", "importlib",
            "runpy", "pty", "socket", "ctypes", "code", "codeop", "marshal", "pickle", "_pickle", "types", "webbrowser",
            "commands", "popen2", "io", "_io");
    /** The builtins a pickle may name: data types only (getattr, eval, exec, open, __import__ are not among them). */
    private static final Set<String> DATA_BUILTINS = Set.of("set", "frozenset", "bytes", "bytearray", "complex", "slice",
            "range", "int", "float", "str", "list", "dict", "tuple", "bool", "object");

    private static final Map<Integer, String> OTHER_OPCODES = Map.ofEntries(Map.entry((int) 'P', "PERSID"),
            Map.entry((int) 'I', "INT"), Map.entry((int) 'L', "LONG"), Map.entry((int) 'F', "FLOAT"),
            Map.entry((int) 'S', "STRING"), Map.entry((int) 'T', "BINSTRING"), Map.entry((int) 'U', "SHORT_BINSTRING"),
            Map.entry((int) 'V', "UNICODE"), Map.entry((int) 'g', "GET"), Map.entry((int) 'p', "PUT"),
            Map.entry((int) 'i', "INST"), Map.entry((int) 'o', "OBJ"), Map.entry((int) 'l', "LIST"),
            Map.entry((int) 'd', "DICT"), Map.entry((int) '2', "DUP"), Map.entry(0x82, "EXT1"), Map.entry(0x83, "EXT2"),
            Map.entry(0x84, "EXT4"), Map.entry(0x92, "NEWOBJ_EX"), Map.entry(0x97, "NEXT_BUFFER"),
            Map.entry(0x98, "READONLY_BUFFER"));

    private final byte[] data;
    private final Path file;
    private final String entryName;
    private final Storages storages;
    private final int maxValues;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int[] marks = new int[16];
    private int markCount;
    private int values;
    private int pos;
    private int opStart;

    RestrictedUnpickler(byte[] data, Path file, String entryName, Storages storages) {
        this(data, file, entryName, storages, MAX_VALUES);
    }

    /** With a lower cap on values, so that tests can reach it quickly. */
    RestrictedUnpickler(byte[] data, Path file, String entryName, Storages storages, int maxValues) {
        this.data = data;
        this.file = file;
        this.entryName = entryName;
        this.storages = storages;
        this.maxValues = maxValues;
    }

    private String where() {
        return entryName + " byte " + opStart;
    }

    private ReadException fail(String problem) {
        return new ReadException(file, where(), problem);
    }

    private ReadException malformed(String problem) {
        return fail(problem + ": the pickle is malformed");
    }

    /** Runs the pickle to its STOP and returns the object it builds. */
    Object load() throws IOException {
        if (data.length == 0 || (data[0] & 0xFF) != 0x80) {
            throw new ReadException(file, entryName, "is a pickle of protocol 0 or 1; only protocols 2 to 5 are read"
                    + " (torch.save writes 2 unless told otherwise)");
        }
        while (true) {
            opStart = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> {
                    int protocol = u8();
                    if (protocol < 2 || protocol > 5) {
                        throw fail("pickle protocol " + protocol + " is not read; only protocols 2 to 5 are");
                    }
                }
                case 0x95 -> length(8); // FRAME: only groups the opcodes that follow, for buffered reading
                case '.' -> {
                    return pop();
                }
                case '(' -> pushMark();
                case '0' -> popOrPopMark();
                case '1' -> popMark();
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (u8() | u8() << 8));
                case 0x8a -> push(longValue(bytes(u8())));
                case 0x8b -> push(longValue(bytes(length(4))));
                case 'G' -> push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'C' -> push(bytes(u8()));
                case 'B' -> push(bytes(length(4)));
                case 0x8e, 0x96 -> push(bytes(length(8)));
                case 0x8c -> push(text(u8()));
                case 'X' -> push(text(length(4)));
                case 0x8d -> push(text(length(8)));
                case ')' -> push(PickleTuple.EMPTY);
                case 0x85, 0x86, 0x87 -> push(tupleOfTop(op - 0x84));
                case 't' -> push(new PickleTuple(popMark().toArray()));
                case ']' -> push(new ArrayList<>());
                case 'a' -> append(List.of(pop()));
                case 'e' -> append(popMark());
                case '}' -> push(new LinkedHashMap<>());
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    setItems(Arrays.asList(key, value));
                }
                case 'u' -> setItems(popMark());
                case 0x8f -> push(new LinkedHashSet<>());
                case 0x90 -> addItems(popMark());
                case 0x91 -> {
                    Set<Object> set = new LinkedHashSet<>();
                    for (Object item : popMark()) {
                        set.add(hashable(item, "a set item"));
                    }
                    push(Collections.unmodifiableSet(set));
                }
                case 'c' -> push(global(line(), line()));
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw malformed("STACK_GLOBAL takes a module name and a name, not " + typeName(module) + " and " + typeName(name));
                    }
                    push(global(m, n));
                }
                case 'R', 0x81 -> {
                    Object arguments = pop();
                    Object callable = pop();
                    push(call(callable, arguments));
                }
                case 'b' -> build(pop(), peek());
                case 'q' -> memoize(u8());
                case 'r' -> memoize(u32());
                case 0x94 -> memoize(memo.size());
                case 'h' -> push(recall(u8()));
                case 'j' -> push(recall(u32()));
                case 'Q' -> push(persistentLoad(pop()));
                default -> {
                    String name = OTHER_OPCODES.get(op);
                    throw fail(name == null ? String.format("byte 0x%02x is not a pickle opcode: the file is damaged", op)
                            : "pickle opcode " + name + " is not read; checkpoints saved by torch.save do not use it");
                }
            }
        }
    }

    private int u8() throws ReadException {
        if (pos >= data.length) {
            throw new ReadException(file, entryName, "the pickle ends before its STOP opcode: the file is truncated or damaged");
        }
        return data[pos++] & 0xFF;
    }

    private long u32() throws ReadException {
        return ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    /** A length field of 4 or 8 bytes, checked against the bytes left so that no absurd length is allocated. */
    private int length(int width) throws ReadException {
        byte[] b = bytes(width);
        long n = width == 4 ? ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL
                : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > data.length - pos) {
            throw fail("a length of " + Long.toUnsignedString(n) + " runs past the end of the pickle (" + (data.length - pos)
                    + " bytes left): the file is truncated or damaged");
        }
        return (int) n;
    }

    private byte[] bytes(int n) throws ReadException {
        if (n > data.length - pos) {
            throw new ReadException(file, entryName, "the pickle ends inside a value: the file is truncated or damaged");
        }
        byte[] b = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return b;
    }

    private String text(int n) throws ReadException {
        return new String(bytes(n), StandardCharsets.UTF_8);
    }

    private String line() throws ReadException {
        int start = pos;
        while (pos < data.length && data[pos] != '\n') {
            if (pos - start > MAX_NAME) {
                throw malformed("a GLOBAL name runs over " + MAX_NAME + " characters");
            }
            pos++;
        }
        String s = new String(data, start, pos - start, StandardCharsets.UTF_8);
        u8();
        return s;
    }

    /** LONG1 and LONG4: little-endian two's complement, as Long where it fits. */
    private static Object longValue(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger value = new BigInteger(be);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }

    private void push(Object value) throws ReadException {
        if (stack.size() >= MAX_STACK) {
            throw fail("the pickle holds more than " + MAX_STACK + " values at once; a checkpoint never does");
        }
        if (++values > maxValues) {
            throw fail("the pickle builds more than " + maxValues + " values; a checkpoint never does");
        }
        stack.add(value);
    }

    private int fence() {
        return markCount == 0 ? 0 : marks[markCount - 1];
    }

    private Object pop() throws ReadException {
        if (stack.size() <= fence()) {
            throw malformed("the pickle takes a value from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() throws ReadException {
        if (stack.size() <= fence()) {
            throw malformed("the pickle uses a value from an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private void pushMark() throws ReadException {
        if (markCount >= MAX_MARKS) {
            throw fail("the pickle nests more than " + MAX_MARKS + " levels deep; a checkpoint never does");
        }
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[markCount++] = stack.size();
    }

    /** Removes the topmost mark and returns the values above it, oldest first. */
    private List<Object> popMark() throws ReadException {
        if (markCount == 0) {
            throw malformed("the pickle closes a group it never opened (no MARK)");
        }
        int mark = marks[--markCount];
        List<Object> top = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return top;
    }

    /** POP: the top value, or, where the stack is empty down to a mark, that mark (as CPython does). */
    private void popOrPopMark() throws ReadException {
        if (stack.size() > fence()) {
            stack.remove(stack.size() - 1);
        } else if (markCount > 0) {
            markCount--;
        } else {
            throw malformed("the pickle takes a value from an empty stack");
        }
    }

    private PickleTuple tupleOfTop(int n) throws ReadException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new PickleTuple(items);
    }

    private void memoize(long index) throws ReadException {
        if (memo.size() >= MAX_MEMO && !memo.containsKey(index)) {
            throw fail("the pickle remembers more than " + MAX_MEMO + " values; a checkpoint never does");
        }
        memo.put(index, peek());
    }

    private Object recall(long index) throws ReadException {
        if (!memo.containsKey(index)) {
            throw malformed("the pickle recalls value " + index + ", which it never stored");
        }
        return memo.get(index);
    }

    private void append(List<Object> values) throws ReadException {
        Object target = peek();
        if (target instanceof List<?> && !(target instanceof PickleTuple)) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) target;
            list.addAll(values);
        } else if (target instanceof PickledObject o) {
            values.forEach(o::addItem);
        } else {
            throw malformed("the pickle appends items to " + typeName(target));
        }
    }

    private void setItems(List<Object> keysAndValues) throws ReadException {
        if (keysAndValues.size() % 2 != 0) {
            throw malformed("the pickle gives a key without a value");
        }
        Object target = peek();
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            Object key = hashable(keysAndValues.get(i), "a dict key");
            Object value = keysAndValues.get(i + 1);
            if (target instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) target;
                map.put(key, value);
            } else if (target instanceof PickledObject o) {
                o.putEntry(key, value);
            } else {
                throw malformed("the pickle sets a key on " + typeName(target));
            }
        }
    }

    private void addItems(List<Object> items) throws ReadException {
        Object target = peek();
        if (!(target instanceof Set<?>)) {
            throw malformed("the pickle adds set items to " + typeName(target));
        }
        @SuppressWarnings("unchecked")
        Set<Object> set = (Set<Object>) target;
        for (Object item : items) {
            set.add(hashable(item, "a set item"));
        }
    }

    /**
     * Python hashes dict keys and set items; only immutable values can be, and only those are accepted, so
     * that no mutable (possibly self-containing) container is ever hashed here.
     */
    private Object hashable(Object value, String role) throws ReadException {
        checkHashable(value, role, 0);
        return value;
    }

    private void checkHashable(Object value, String role, int depth) throws ReadException {
        if (value instanceof PickleTuple t) {
            if (depth > 100) {
                throw malformed(role + " nests tuples more than 100 deep");
            }
            for (Object item : t) {
                checkHashable(item, role, depth + 1);
            }
        } else if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
            throw malformed(role + " is " + typeName(value) + ", which Python cannot hash");
        }
    }

    /** GLOBAL and STACK_GLOBAL: a name only, never an import; code-running modules refused. */
    private Object global(String module, String name) throws ReadException {
        if (module.length() > MAX_NAME || name.length() > MAX_NAME) {
            throw malformed("a global name runs over " + MAX_NAME + " characters");
        }
        String python3Module = switch (module) {
            case "__builtin__" -> "builtins";
            case "copy_reg" -> "copyreg";
            default -> module;
        };
        String top = python3Module.contains(".") ? python3Module.substring(0, python3Module.indexOf('.')) : python3Module;
        boolean code = CODE_MODULES.contains(top) || top.equals("builtins") && !DATA_BUILTINS.contains(name);
        if (code) {
            throw fail("the pickle names " + python3Module + "." + name + ", which runs code or reaches the system;"
                    + " a checkpoint needs no such thing, so the file is refused (do not open it with torch.load either)");
        }
        return new PickledGlobal(python3Module, name);
    }

    /** REDUCE and NEWOBJ: builds the few data types a checkpoint needs; anything else becomes an inert placeholder. */
    private Object call(Object callable, Object arguments) throws IOException {
        if (!(callable instanceof PickledGlobal g)) {
            throw malformed("the pickle calls " + typeName(callable) + ", which is not a class or function");
        }
        if (!(arguments instanceof PickleTuple args)) {
            throw malformed("the pickle calls " + g + " with " + typeName(arguments) + " instead of an argument tuple");
        }
        switch (g.qualifiedName()) {
            case "collections.OrderedDict" -> {
                if (args.isEmpty()) {
                    return new LinkedHashMap<>();
                }
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                return rebuildTensor(args, false);
            }
            case "torch._utils._rebuild_tensor_v3" -> {
                return rebuildTensor(args, true);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state", "torch.nn.parameter.Parameter" -> {
                if (!args.isEmpty() && args.get(0) instanceof TorchTensor t) {
                    return t;
                }
            }
            case "builtins.set", "builtins.frozenset" -> {
                if (args.isEmpty() || args.size() == 1 && args.get(0) instanceof List<?>) {
                    Set<Object> set = new LinkedHashSet<>();
                    for (Object item : args.isEmpty() ? List.of() : (List<?>) args.get(0)) {
                        set.add(hashable(item, "a set item"));
                    }
                    return set;
                }
            }
            case "builtins.bytes", "builtins.bytearray" -> {
                if (args.isEmpty()) {
                    return new byte[0];
                }
                if (args.size() == 2 && isLatin1(args.get(1)) && args.get(0) instanceof String s) {
                    return s.getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            case "_codecs.encode" -> {
                // Protocol 2 writes bytes as encode(text, 'latin1'); latin-1 maps each character to one byte.
                if (args.size() == 2 && isLatin1(args.get(1)) && args.get(0) instanceof String s) {
                    return s.getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            default -> {
            }
        }
        return new PickledObject(g, args);
    }

    private static boolean isLatin1(Object encoding) {
        return "latin1".equals(encoding) || "latin-1".equals(encoding);
    }

    /**
     * {@code _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])} takes its
     * element type from the storage; v3 adds the type after the hooks, for views of untyped storages.
     */
    private TorchTensor rebuildTensor(PickleTuple args, boolean v3) throws IOException {
        int required = v3 ? 7 : 6;
        if (args.size() < required || args.size() > required + 1) {
            throw malformed("a tensor is rebuilt from " + args.size() + " arguments instead of " + required);
        }
        if (!(args.get(0) instanceof StorageReference storage)) {
            throw malformed("a tensor is rebuilt from " + typeName(args.get(0)) + " instead of a storage");
        }
        if (!(args.get(1) instanceof Long offset)) {
            throw malformed("a tensor's storage offset is " + typeName(args.get(1)) + ", not an integer");
        }
        long[] size = integers(args.get(2), "size");
        long[] stride = integers(args.get(3), "stride");
        TorchDType dtype = storage.dtype();
        if (v3) {
            if (!(args.get(6) instanceof PickledGlobal d) || !d.module().equals("torch")) {
                throw malformed("a tensor's element type is " + typeName(args.get(6)) + ", not a torch dtype");
            }
            dtype = TorchDType.ofTorchName(d.name())
                    .orElseThrow(() -> fail("tensor element type " + d + " is not known to this reader"));
        } else if (dtype == null) {
            throw malformed("a tensor is rebuilt on an untyped storage without an element type");
        }
        return storages.tensor(storage, dtype, offset, size, stride, where());
    }

    private long[] integers(Object value, String what) throws ReadException {
        if (!(value instanceof PickleTuple t)) {
            throw malformed("a tensor's " + what + " is " + typeName(value) + ", not a tuple");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v)) {
                throw malformed("a tensor's " + what + " holds " + typeName(t.get(i)) + ", not an integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** BINPERSID: torch's ('storage', storage class, key, location, numel). */
    private Object persistentLoad(Object pid) throws IOException {
        if (!(pid instanceof PickleTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
            throw malformed("a persistent reference is " + PythonText.of(pid) + ", not a torch storage");
        }
        if (!(t.get(1) instanceof PickledGlobal type) || !type.module().equals("torch") || !type.name().endsWith("Storage")) {
            throw malformed("a storage's class is " + typeName(t.get(1)) + ", not a torch storage class");
        }
        if (!(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel) || numel < 0) {
            throw malformed("a storage reference has no valid key or length");
        }
        TorchDType dtype = null;
        if (!type.name().equals("UntypedStorage")) {
            dtype = TorchDType.ofStorageClass(type.name())
                    .orElseThrow(() -> fail("storage class " + type + " is not read (" + TorchDType.readNames(false)
                            + " storages are)"));
        }
        return storages.storage(key, type.qualifiedName(), dtype, numel, where());
    }

    private void build(Object state, Object target) throws ReadException {
        if (target instanceof PickledObject o) {
            o.setState(state);
        } else if (!(target instanceof Map<?, ?>)) {
            throw malformed("the pickle sets the state of " + typeName(target));
        }
        // A dict's own state (a state dict's _metadata of module versions) is not needed, and is dropped.
    }

    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof PickledObject o) {
            return "a " + o.type() + " object";
        }
        if (value instanceof PickledGlobal g) {
            return g.qualifiedName();
        }
        String kind = value instanceof PickleTuple ? "tuple" : value instanceof List<?> ? "list" : value instanceof Map<?, ?> ? "dict"
                : value instanceof Set<?> ? "set" : value instanceof String ? "str" : value instanceof byte[] ? "bytes"
                : value instanceof Long || value instanceof BigInteger ? "int" : value instanceof Double ? "float"
                : value instanceof Boolean ? "bool" : value instanceof TorchTensor ? "tensor"
                : value instanceof StorageReference ? "storage" : value.getClass().getSimpleName();
        return (kind.startsWith("i") ? "an " : "a ") + kind;
    }
}
