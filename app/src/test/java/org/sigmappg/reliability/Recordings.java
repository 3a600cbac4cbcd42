package org.sigmappg.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.sigmappg.io.edf.EdfSignal;
import org.sigmappg.io.edf.EdfWriter;

/**
 * Small recordings written by the tests themselves (CSV, WFDB format 16, EDF+, XLSX tables), good ones to
 * damage on purpose and good ones to import beside the damaged.
 */
final class Recordings {
    private Recordings() {
    }

    /** A pulse-like wave in [0, 1.4] at about 72 beats a minute: a systolic peak and a smaller diastolic one. */
    static double pulse(double t) {
        double phase = (t * 1.2) % 1.0;
        return Math.exp(-Math.pow((phase - 0.2) / 0.08, 2)) + 0.4 * Math.exp(-Math.pow((phase - 0.5) / 0.1, 2));
    }

    /** "time,ppg" rows of the pulse wave, time in seconds. */
    static String pulseCsvText(double fs, double seconds) {
        StringBuilder sb = new StringBuilder("time,ppg\n");
        int n = (int) Math.round(fs * seconds);
        for (int i = 0; i < n; i++) {
            double t = i / fs;
            sb.append(String.format(Locale.ROOT, "%.4f,%.5f%n", t, pulse(t)));
        }
        return sb.toString();
    }

    static Path pulseCsv(Path file, double fs, double seconds) throws IOException {
        return write(file, pulseCsvText(fs, seconds));
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes);
        return file;
    }

    /** The pulse wave as format-16 digital values (gain 1000 per unit). */
    static int[] digitalPulse(double fs, int samples) {
        int[] d = new int[samples];
        for (int i = 0; i < samples; i++) {
            d[i] = (int) Math.round(1000 * pulse(i / fs));
        }
        return d;
    }

    /** Little-endian 16-bit samples, as WFDB format 16 stores them. */
    static byte[] format16(int[] digital) {
        ByteBuffer b = ByteBuffer.allocate(2 * digital.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : digital) {
            b.putShort((short) v);
        }
        return b.array();
    }

    /** The 16-bit sum of the samples that a WFDB header records as the checksum. */
    static int checksum(int[] digital) {
        short sum = 0;
        for (int v : digital) {
            sum += (short) v;
        }
        return sum;
    }

    /**
     * One-signal WFDB record {@code name} in {@code dir}: {@code name.dat} in format 16 and a header whose
     * record line and signal line are given whole, so a test can write any field wrong.
     */
    static Path wfdb(Path dir, String name, String recordLine, String signalLine, int[] digital) throws IOException {
        write(dir.resolve(name + ".dat"), format16(digital));
        return write(dir.resolve(name + ".hea"), recordLine + "\n" + signalLine + "\n");
    }

    /** A correct signal line for {@code digital} stored in {@code name.dat}. */
    static String signalLine(String name, String gain, int[] digital) {
        return name + ".dat 16 " + gain + " 16 0 " + digital[0] + " " + checksum(digital) + " 0 PLETH";
    }

    /** A correct one-signal WFDB record of the pulse wave. */
    static Path goodWfdb(Path dir, String name, double fs, double seconds) throws IOException {
        int n = (int) Math.round(fs * seconds);
        int[] d = digitalPulse(fs, n);
        return wfdb(dir, name, name + " 1 " + fs + " " + n, signalLine(name, "1000/mV", d), d);
    }

    /**
     * A two-signal WFDB record {@code name}: {@code readable} is the pulse wave in format 16 ({@code name.dat}),
     * {@code flac} a signal in the FLAC format 516 in a file of its own ({@code name_flac.dat}, holding only a
     * FLAC stream's first bytes), a format the workbench does not decode.
     */
    static Path wfdbWithFlacSignal(Path dir, String name, String readable, String flac, double fs, double seconds)
            throws IOException {
        int n = (int) Math.round(fs * seconds);
        int[] d = digitalPulse(fs, n);
        write(dir.resolve(name + ".dat"), format16(d));
        write(dir.resolve(name + "_flac.dat"), "fLaC".getBytes(StandardCharsets.ISO_8859_1));
        return write(dir.resolve(name + ".hea"), name + " 2 " + fs + " " + n + "\n"
                + name + ".dat 16 1000/mV 16 0 " + d[0] + " " + checksum(d) + " 0 " + readable + "\n"
                + name + "_flac.dat 516 200/mV 16 0 0 0 0 " + flac + "\n");
    }

    /** An EDF+ file with one PPG channel of the pulse wave in 1 s data records. */
    static Path edf(Path file, double fs, int seconds) throws IOException {
        float[] x = new float[(int) Math.round(fs * seconds)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) pulse(i / fs);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        EdfWriter.builder().setStart(LocalDateTime.of(2024, 1, 2, 3, 4, 5)).build()
                .write(file, List.of(new EdfSignal("PPG", "", "au", -0.5, 2.0, -32768, 32767, "", fs, x)));
        return file;
    }

    /** An oximeter's red light: a steady 20 units with the pulse wave at 0.6 units a unit of pulse. */
    static double red(double t) {
        return 20 + 0.6 * pulse(t);
    }

    /** The oximeter's infrared light: a steady 30 units with the same pulse wave at 1.5 units. */
    static double infrared(double t) {
        return 30 + 1.5 * pulse(t);
    }

    /** A third channel of the oximeter's file that is not PPG: a 0.25 Hz respiration-like wave. */
    static double respiration(double t) {
        return Math.sin(2 * Math.PI * 0.25 * t);
    }

    /** "time,RED,IR,RESP" rows of an oximeter recording, time in seconds. */
    static Path oximeterCsv(Path file, double fs, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder("time,RED,IR,RESP\n");
        int n = (int) Math.round(fs * seconds);
        for (int i = 0; i < n; i++) {
            double t = i / fs;
            sb.append(String.format(Locale.ROOT, "%.4f,%.5f,%.5f,%.5f%n", t, red(t), infrared(t), respiration(t)));
        }
        return write(file, sb.toString());
    }

    /** The oximeter recording as EDF+: RED, IR and RESP in 1 s data records. */
    static Path oximeterEdf(Path file, double fs, int seconds) throws IOException {
        int n = (int) Math.round(fs * seconds);
        float[] r = new float[n];
        float[] ir = new float[n];
        float[] resp = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) red(i / fs);
            ir[i] = (float) infrared(i / fs);
            resp[i] = (float) respiration(i / fs);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        EdfWriter.builder().setStart(LocalDateTime.of(2024, 1, 2, 3, 4, 5)).build().write(file, List.of(
                new EdfSignal("RED", "", "au", 0, 40, -32768, 32767, "", fs, r),
                new EdfSignal("IR", "", "au", 0, 40, -32768, 32767, "", fs, ir),
                new EdfSignal("RESP", "", "au", -2, 2, -32768, 32767, "", fs, resp)));
        return file;
    }

    /** The oximeter recording as one WFDB record: RED, IR and RESP interleaved in one format-16 file, 1000 units a unit. */
    static Path oximeterWfdb(Path dir, String name, double fs, double seconds) throws IOException {
        int n = (int) Math.round(fs * seconds);
        int[][] d = new int[3][n];
        int[] frames = new int[3 * n];
        for (int i = 0; i < n; i++) {
            double t = i / fs;
            d[0][i] = (int) Math.round(1000 * red(t));
            d[1][i] = (int) Math.round(1000 * infrared(t));
            d[2][i] = (int) Math.round(1000 * respiration(t));
            for (int c = 0; c < 3; c++) {
                frames[3 * i + c] = d[c][i];
            }
        }
        write(dir.resolve(name + ".dat"), format16(frames));
        StringBuilder header = new StringBuilder(name + " 3 " + fs + " " + n + "\n");
        String[] names = {"RED", "IR", "RESP"};
        for (int c = 0; c < 3; c++) {
            header.append(name).append(".dat 16 1000/au 16 0 ").append(d[c][0]).append(' ').append(checksum(d[c])).append(" 0 ")
                    .append(names[c]).append('\n');
        }
        return write(dir.resolve(name + ".hea"), header.toString());
    }

    /** A one-sheet workbook whose first row is {@code header}, then {@code rows}. */
    static Path xlsx(Path file, List<String> header, List<List<Object>> rows) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Sheet sheet = wb.createSheet("Subjects");
            Row h = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) {
                h.createCell(c).setCellValue(header.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object v = rows.get(r).get(c);
                    if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else {
                        row.createCell(c).setCellValue(String.valueOf(v));
                    }
                }
            }
            wb.write(out);
        }
        return file;
    }
}
