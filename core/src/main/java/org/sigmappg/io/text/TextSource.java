package org.sigmappg.io.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.sigmappg.io.ReadException;

/**
 * Characters of a text file, decoded strictly so that a byte that is not valid in the charset is
 * reported with its line instead of being replaced by '?', with every line ending turned into '\n'.
 * A byte-order mark decides the charset over the given one (Excel's "Unicode Text" is UTF-16LE with a
 * mark), and so does unmarked UTF-16 of plain ASCII text (every other byte zero), which no other charset
 * writes.
 */
final class TextSource implements Closeable {
    private static final int BUFFER = 1 << 16;
    /** Bytes from the start of the file that show its encoding. */
    static final int PROBE_BYTES = 512;

    private final Path file;
    private final Charset charset;
    private final boolean charsetFromFile;
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private final CharBuffer chars = CharBuffer.allocate(BUFFER);
    private long bytesRead;
    private boolean endOfInput;
    private boolean flushed;
    private int pushedBack = -1;
    private int line = 1;

    TextSource(Path file, Charset charset) throws IOException {
        this.file = file;
        this.in = Files.newInputStream(file);
        int head = in.readNBytes(bytes.array(), 0, PROBE_BYTES);
        Encoding encoding = Encoding.of(bytes.array(), head, charset);
        this.charset = encoding.charset();
        this.charsetFromFile = !encoding.charset().equals(charset) || encoding.markLength() > 0;
        this.decoder = this.charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // A byte-order mark is an encoding artefact, not part of the first cell.
        bytes.limit(head).position(encoding.markLength());
        bytesRead = head;
        chars.flip();
    }

    /**
     * The charset that a file's first bytes show, and the length of its byte-order mark (0 if none).
     *
     * @param charset what the first bytes show, or the given charset when they show nothing
     */
    record Encoding(Charset charset, int markLength) {
        static Encoding of(byte[] head, int length, Charset given) {
            if (length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
                return new Encoding(StandardCharsets.UTF_8, 3);
            }
            if (length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
                return new Encoding(StandardCharsets.UTF_16LE, 2);
            }
            if (length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
                return new Encoding(StandardCharsets.UTF_16BE, 2);
            }
            boolean givenUtf16 = given.name().toUpperCase(Locale.ROOT).startsWith("UTF-16");
            if (!givenUtf16 && length >= 4 && length % 2 == 0) {
                if (zeroesAt(head, length, 1) && asciiTextAt(head, length, 0)) {
                    return new Encoding(StandardCharsets.UTF_16LE, 0);
                }
                if (zeroesAt(head, length, 0) && asciiTextAt(head, length, 1)) {
                    return new Encoding(StandardCharsets.UTF_16BE, 0);
                }
            }
            return new Encoding(given, 0);
        }

        private static boolean zeroesAt(byte[] head, int length, int parity) {
            for (int i = parity; i < length; i += 2) {
                if (head[i] != 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Printable ASCII, tabs and line ends only: without a mark, a binary file of small 16-bit numbers (a
         * WFDB signal file) has zero bytes in the same places, but not only text in the others.
         */
        private static boolean asciiTextAt(byte[] head, int length, int parity) {
            for (int i = parity; i < length; i += 2) {
                byte b = head[i];
                if (!(b >= 0x20 && b < 0x7F) && b != '\t' && b != '\n' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    /** The next character, with CR LF and lone CR read as '\n'; -1 at the end of the file. */
    int read() throws IOException {
        int c;
        if (pushedBack >= 0) {
            c = pushedBack;
            pushedBack = -1;
        } else {
            c = nextChar();
        }
        if (c == '\r') {
            // Counted before looking ahead, so an undecodable byte right after it is put on the next line.
            line++;
            int after = nextChar();
            if (after != '\n' && after != -1) {
                pushedBack = after;
            }
            return '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    /** Line (1-based) of the next character to be read. */
    int line() {
        return line;
    }

    Path file() {
        return file;
    }

    private int nextChar() throws IOException {
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        return chars.get();
    }

    private boolean fill() throws IOException {
        if (flushed) {
            return false;
        }
        chars.clear();
        while (true) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                if (chars.position() > 0) {
                    // Hand out the good characters first so the error is raised on the right line.
                    break;
                }
                throw undecodable(result);
            }
            if (result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                if (!flushed) {
                    decoder.flush(chars);
                    flushed = true;
                }
                break;
            }
            if (chars.position() > 0 && !bytes.hasRemaining()) {
                break;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
                bytesRead += n;
            }
            bytes.flip();
        }
        chars.flip();
        return chars.hasRemaining();
    }

    private ReadException undecodable(CoderResult result) {
        long offset = bytesRead - bytes.remaining();
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < result.length() && bytes.position() + i < bytes.limit(); i++) {
            shown.append(String.format(Locale.ROOT, "%s0x%02X", i == 0 ? "" : " ", bytes.get(bytes.position() + i) & 0xFF));
        }
        String advice = charsetFromFile ? " (the character set that the file's first bytes show); the file is damaged"
                : "; if the file is in another character set, give it (e.g. --charset windows-1252)";
        return new ReadException(file, "line " + line,
                "byte " + shown + " at byte offset " + offset + " is not valid " + charset.name() + advice);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
