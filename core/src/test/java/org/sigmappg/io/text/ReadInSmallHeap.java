package org.sigmappg.io.text;

import java.nio.file.Path;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/**
 * Reads one text file (at the rate given as the second argument, if any) and prints its first channel's
 * length and rate; run in a child JVM with a small heap.
 */
public final class ReadInSmallHeap {
    private ReadInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        ReadOptions options = args.length > 1 ? ReadOptions.DEFAULT.withFs(Double.parseDouble(args[1])) : ReadOptions.DEFAULT;
        Recording r = new DelimitedTextReader().read(Path.of(args[0]), options);
        Channel c = r.channels().get(0);
        System.out.println("samples=" + c.length() + " fs=" + c.fs());
    }
}
