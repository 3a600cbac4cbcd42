package org.sigmappg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house (issue 18): in app and in core no two packages import each other, directly or round a
 * loop, and no main source file is longer than {@value #MAX_LINES} lines except parameter records. Read from the
 * sources' package and import lines, so it needs no compiled classes.
 */
class SourceStructureTest {
    static final int MAX_LINES = 600;

    /**
     * The one exemption from the length rule: parameter records ({@code XxxParams.java} declaring a record), whose
     * length is one documented field after another and which read better whole.
     */
    static boolean isParameterRecord(Path file, List<String> lines) {
        return file.getFileName().toString().endsWith("Params.java")
                && lines.stream().anyMatch(l -> l.matches("public record \\w+Params\\b.*"));
    }

    /**
     * Known offenders, each with the reason it may stay for now; empty since issue 18. An entry that no longer offends
     * fails the test, so the lists cannot go stale.
     */
    static final Set<String> KNOWN_LONG_CORE = Set.of();
    static final Set<Set<String>> KNOWN_CORE_CYCLES = Set.of();
    static final Set<String> KNOWN_LONG_APP = Set.of();

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(org\\.sigmappg(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    /** One main source file: its package, the org.sigmappg packages it imports, and its length. */
    record Source(Path file, String pkg, Set<String> imports, int lines, boolean parameterRecord) {
    }

    @Test
    void appHasNoPackageCycle() {
        Map<Set<String>, List<String>> found = cycles(read(Path.of("src/main/java")));
        assertTrue(found.isEmpty(), "package cycles in app: " + found);
    }

    @Test
    void coreHasNoPackageCycleButTheKnownOnes() {
        Map<Set<String>, List<String>> found = cycles(read(Path.of("../core/src/main/java")));
        assertEquals(KNOWN_CORE_CYCLES, found.keySet(), "package cycles in core (the known ones are listed in KNOWN_CORE_CYCLES): " + found);
    }

    @Test
    void appHasNoOverlongSourceFile() {
        assertEquals(KNOWN_LONG_APP, overlong(read(Path.of("src/main/java"))).keySet(),
                "main source files in app over " + MAX_LINES + " lines (the known ones are listed in KNOWN_LONG_APP)");
    }

    @Test
    void coreHasNoOverlongSourceFileButTheKnownOnes() {
        assertEquals(KNOWN_LONG_CORE, overlong(read(Path.of("../core/src/main/java"))).keySet(),
                "main source files in core over " + MAX_LINES + " lines (the known ones are listed in KNOWN_LONG_CORE)");
    }

    /** The checks themselves find what they are meant to find, on sources made up for the purpose. */
    @Test
    void theChecksFindACycleAndALongFile() throws IOException {
        Path root = Files.createTempDirectory("structure");
        try {
            write(root.resolve("org/sigmappg/a/A.java"), "package org.sigmappg.a;\n\nimport org.sigmappg.b.B;\n");
            write(root.resolve("org/sigmappg/b/B.java"), "package org.sigmappg.b;\n\nimport org.sigmappg.c.C;\n");
            write(root.resolve("org/sigmappg/c/C.java"), "package org.sigmappg.c;\n\nimport static org.sigmappg.a.A.f;\n");
            write(root.resolve("org/sigmappg/d/D.java"), "package org.sigmappg.d;\n\nimport org.sigmappg.a.A;\n" + "\n".repeat(MAX_LINES));
            write(root.resolve("org/sigmappg/d/LongParams.java"), "package org.sigmappg.d;\n\npublic record LongParams(int a) {\n"
                    + "\n".repeat(MAX_LINES) + "}\n");
            List<Source> sources = read(root);
            Map<Set<String>, List<String>> found = cycles(sources);
            assertEquals(Set.of(Set.of("org.sigmappg.a", "org.sigmappg.b", "org.sigmappg.c")), found.keySet());
            assertTrue(found.values().iterator().next().contains("org.sigmappg.c -> org.sigmappg.a (C.java)"), found.toString());
            assertEquals(Set.of("D.java"), overlong(sources).keySet(), "a long parameter record is exempt, a long class is not");
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static List<Source> read(Path root) {
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is not a folder of sources");
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                String pkg = null;
                Set<String> imports = new TreeSet<>();
                for (String l : lines) {
                    Matcher p = PACKAGE.matcher(l);
                    if (p.find()) {
                        pkg = p.group(1);
                    }
                    Matcher i = IMPORT.matcher(l);
                    if (i.find()) {
                        imports.add(i.group(1));
                    }
                }
                if (pkg != null) {
                    imports.remove(pkg);
                    out.add(new Source(f, pkg, imports, lines.size(), isParameterRecord(f, lines)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Files over the limit that are not parameter records, by file name, with their length. */
    static Map<String, Integer> overlong(List<Source> sources) {
        Map<String, Integer> out = new TreeMap<>();
        for (Source s : sources) {
            if (s.lines() > MAX_LINES && !s.parameterRecord()) {
                out.put(s.file().getFileName().toString(), s.lines());
            }
        }
        return out;
    }

    /**
     * The strongly connected groups of more than one package (Tarjan), each with the imports that tie it, as
     * "from -> to (File.java, ...)", so a failure says which lines to move.
     */
    static Map<Set<String>, List<String>> cycles(List<Source> sources) {
        Map<String, Set<String>> deps = new TreeMap<>();
        Map<String, Set<String>> why = new HashMap<>();
        for (Source s : sources) {
            deps.computeIfAbsent(s.pkg(), k -> new TreeSet<>());
        }
        for (Source s : sources) {
            for (String i : s.imports()) {
                if (deps.containsKey(i)) {
                    deps.get(s.pkg()).add(i);
                    why.computeIfAbsent(s.pkg() + " -> " + i, k -> new TreeSet<>()).add(s.file().getFileName().toString());
                }
            }
        }
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> groups = new ArrayList<>();
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, deps, index, low, stack, onStack, groups);
            }
        }
        Map<Set<String>, List<String>> out = new HashMap<>();
        for (Set<String> g : groups) {
            List<String> edges = new ArrayList<>();
            for (String from : g) {
                for (String to : deps.get(from)) {
                    if (g.contains(to)) {
                        String e = from + " -> " + to;
                        edges.add(e + " (" + String.join(", ", why.get(e)) + ")");
                    }
                }
            }
            out.put(g, edges);
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> deps, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<Set<String>> groups) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : deps.get(v)) {
            if (!index.containsKey(w)) {
                connect(w, deps, index, low, stack, onStack, groups);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                groups.add(group);
            }
        }
    }
}
