package org.sigmappg.io.text;

import java.nio.file.Path;
import org.sigmappg.io.Channel;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.Recording;

/** Reads one text file and prints its first channel's length and rate; run in a child JVM with a small heap. */
public final class ReadInSmallHeap {
    private ReadInSmallHeap() {
    }

    public static void main(String[] args) throws Exception {
        Recording r = new DelimitedTextReader().read(Path.of(args[0]), ReadOptions.DEFAULT);
        Channel c = r.channels().get(0);
        System.out.println("samples=" + c.length() + " fs=" + c.fs());
    }
}
