package org.sigmappg.scale;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** A small copy of the sample set for the Spark tests: four subjects, a truncated recording and the bundled runs. */
final class SampleFolder {
    private SampleFolder() {
    }

    static Path sampleData() {
        String root = System.getProperty("sigmappg.repo.root");
        return (root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize()).resolve("sample-data");
    }

    static Path write(Path dir) throws IOException {
        Path sample = sampleData();
        Path rec = Files.createDirectories(dir.resolve("recordings"));
        for (String s : List.of("S01", "S02", "S06", "S10")) {
            Files.copy(sample.resolve("recordings/" + s + ".edf"), rec.resolve(s + ".edf"));
            Files.copy(sample.resolve("recordings/" + s + "_labels.csv"), rec.resolve(s + "_labels.csv"));
        }
        byte[] edf = Files.readAllBytes(sample.resolve("recordings/S03.edf"));
        Files.write(rec.resolve("S03.edf"), Arrays.copyOf(edf, edf.length / 2));
        Files.copy(sample.resolve("recordings/S03_labels.csv"), rec.resolve("S03_labels.csv"));
        Files.copy(sample.resolve("sigma-ppg-dataset.json"), dir.resolve("sigma-ppg-dataset.json"));
        try (Stream<Path> runs = Files.walk(sample.resolve("sigma-ppg-runs"))) {
            for (Path p : runs.toList()) {
                Path to = dir.resolve(sample.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    /** A 2-D float32 .npy file as rows. */
    static float[][] npy(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int length = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
        String header = new String(b, 10, length, StandardCharsets.US_ASCII);
        String shape = header.substring(header.indexOf("'shape': (") + 10, header.indexOf(')', header.indexOf("'shape'")));
        String[] dims = shape.split(",\\s*");
        int rows = Integer.parseInt(dims[0].strip());
        int cols = Integer.parseInt(dims[1].strip());
        ByteBuffer data = ByteBuffer.wrap(b, 10 + length, rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[][] out = new float[rows][cols];
        for (float[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = data.getFloat();
            }
        }
        return out;
    }
}
