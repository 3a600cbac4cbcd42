package org.sigmappg.io.torch;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unpickled plain data written as Python's {@code repr} writes it, so that a checkpoint's {@code args}
 * reads as the training script printed them ({@code Namespace(lr=0.00015, betas=(0.9, 0.999), ...)}).
 */
final class PythonText {
    /** Hostile pickles can nest containers arbitrarily deep; text stops here instead of overflowing the stack. */
    private static final int MAX_DEPTH = 100;

    private final StringBuilder out = new StringBuilder();
    private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());

    private PythonText() {
    }

    static String of(Object value) {
        PythonText text = new PythonText();
        text.write(value, 0);
        return text.out.toString();
    }

    private void write(Object value, int depth) {
        if (value == null) {
            out.append("None");
        } else if (value instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (value instanceof Long || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double d) {
            out.append(floatText(d));
        } else if (value instanceof String s) {
            out.append(stringText(s));
        } else if (value instanceof byte[] b) {
            out.append(bytesText(b));
        } else if (value instanceof TorchTensor t) {
            out.append("tensor(").append(t).append(')');
        } else if (value instanceof PickledGlobal || value instanceof StorageReference) {
            out.append(value);
        } else if (depth >= MAX_DEPTH || !open.add(value)) {
            // As Python writes a container met again inside itself.
            out.append(value instanceof PickleTuple ? "(...)" : value instanceof List<?> ? "[...]"
                    : value instanceof Map<?, ?> || value instanceof Set<?> ? "{...}" : "...");
        } else {
            writeContainer(value, depth + 1);
            open.remove(value);
        }
    }

    private void writeContainer(Object value, int depth) {
        if (value instanceof PickleTuple t) {
            writeAll(t, "(", t.size() == 1 ? ",)" : ")", depth);
        } else if (value instanceof List<?> l) {
            writeAll(l, "[", "]", depth);
        } else if (value instanceof Set<?> s) {
            if (s.isEmpty()) {
                out.append("set()");
            } else {
                writeAll(s, "{", "}", depth);
            }
        } else if (value instanceof Map<?, ?> m) {
            out.append('{');
            writeEntries(m, ": ", depth, false);
            out.append('}');
        } else if (value instanceof PickledObject o) {
            writeObject(o, depth);
        } else {
            out.append(value);
        }
    }

    /**
     * An object whose whole content is its attributes is written as argparse.Namespace writes itself
     * ({@code Namespace(a=1)}); anything else with its qualified class name, arguments and state.
     */
    private void writeObject(PickledObject o, int depth) {
        Map<String, Object> attributes = o.attributes();
        boolean attributesOnly = o.arguments().isEmpty() && o.entries().isEmpty() && o.items().isEmpty()
                && o.state() != null && attributes.size() == ((Map<?, ?>) o.state()).size()
                && attributes.keySet().stream().allMatch(PythonText::isIdentifier);
        if (attributesOnly) {
            out.append(o.type().name()).append('(');
            writeEntries(attributes, "=", depth, true);
            out.append(')');
            return;
        }
        out.append(o.type().qualifiedName()).append('(');
        String separator = "";
        for (Object argument : o.arguments()) {
            out.append(separator);
            write(argument, depth);
            separator = ", ";
        }
        if (o.state() != null) {
            out.append(separator).append("state=");
            write(o.state(), depth);
            separator = ", ";
        }
        if (!o.entries().isEmpty()) {
            out.append(separator).append("entries={");
            writeEntries(o.entries(), ": ", depth, false);
            out.append('}');
            separator = ", ";
        }
        if (!o.items().isEmpty()) {
            out.append(separator);
            writeAll(o.items(), "items=[", "]", depth);
        }
        out.append(')');
    }

    private void writeAll(Collection<?> items, String start, String end, int depth) {
        out.append(start);
        Iterator<?> it = items.iterator();
        while (it.hasNext()) {
            write(it.next(), depth);
            if (it.hasNext()) {
                out.append(", ");
            }
        }
        out.append(end);
    }

    private void writeEntries(Map<?, ?> map, String between, int depth, boolean bareKeys) {
        String separator = "";
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(separator);
            if (bareKeys) {
                out.append(e.getKey());
            } else {
                write(e.getKey(), depth);
            }
            out.append(between);
            write(e.getValue(), depth);
            separator = ", ";
        }
    }

    private static boolean isIdentifier(String s) {
        return !s.isEmpty() && Character.isJavaIdentifierStart(s.codePointAt(0))
                && s.codePoints().allMatch(Character::isJavaIdentifierPart) && !s.contains("$");
    }

    /** Python's float repr: the shortest digits that read back to the same double, positional from 1e-4 to 1e16. */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            shortest = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (shortest.doubleValue() == d) {
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "").append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        return sb.append(magnitude < 10 ? "0" : "").append(magnitude).toString();
    }

    /** Python's str repr: single quotes unless the text holds one and no double quote; unprintables escaped. */
    static String stringText(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                sb.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (isPrintable(c)) {
                sb.appendCodePoint(c);
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02x", c));
            } else if (c < 0x10000) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.append(String.format("\\U%08x", c));
            }
        });
        return sb.append(quote).toString();
    }

    /** Python's str.isprintable for one character: not a control, format, surrogate, private, unassigned or separator other than space. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    static String bytesText(byte[] bytes) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : bytes) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder sb = new StringBuilder("b").append(quote);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == quote || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append(quote).toString();
    }
}
