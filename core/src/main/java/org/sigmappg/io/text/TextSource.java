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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.sigmappg.io.ReadException;

/**
 * Characters of a text file, decoded strictly so that a byte that is not valid in the charset is
 * reported with its line instead of being replaced by '?', with every line ending turned into '\n'.
 */
final class TextSource implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final Charset charset;
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
        this.charset = charset;
        this.in = Files.newInputStream(file);
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
        // A byte-order mark is an encoding artefact, not part of the first cell.
        int first = nextChar();
        if (first != '\uFEFF' && first != -1) {
            pushedBack = first;
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
        return new ReadException(file, "line " + line,
                "byte " + shown + " at byte offset " + offset + " is not valid " + charset.name()
                        + "; if the file is in another character set, give it (e.g. --charset windows-1252)");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
