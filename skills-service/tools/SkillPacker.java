import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns a skill directory into the bundle JSON that {@code POST /v1/skills} accepts:
 * {@code {"slug", "moduleFormat", "version"?, "files": [{"path", "content"}]}} with paths sorted,
 * hidden files and folders (and the generated {@code .af-global-skill.json}) left out.
 *
 * <pre>
 * java skills-service/tools/SkillPacker.java path/to/skill-dir [--slug NAME] [--version V] [--module-format esm|cjs] [--files-only]
 * </pre>
 * The slug defaults to the directory name; the module format to {@code cjs} when only {@code scripts/index.cjs}
 * exists, else {@code esm}. {@code --files-only} prints just the files array. No dependencies: plain JDK 17.
 */
public class SkillPacker {

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("-")) {
            fail("usage: java SkillPacker.java <skill-dir> [--slug NAME] [--version V] [--module-format esm|cjs] [--files-only]");
        }
        Path dir = Path.of(args[0]).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            fail("not a directory: " + dir);
        }
        String slug = dir.getFileName().toString();
        String version = null;
        String format = null;
        boolean filesOnly = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--slug" -> slug = value(args, ++i);
                case "--version" -> version = value(args, ++i);
                case "--module-format" -> format = value(args, ++i);
                case "--files-only" -> filesOnly = true;
                default -> fail("unknown option " + args[i]);
            }
        }
        List<String> paths = collect(dir);
        if (format == null) {
            format = paths.contains("scripts/index.cjs") && !paths.contains("scripts/index.mjs") ? "cjs" : "esm";
        }
        StringBuilder files = new StringBuilder("[");
        for (int i = 0; i < paths.size(); i++) {
            String path = paths.get(i);
            files.append(i == 0 ? "\n" : ",\n").append("    {\"path\": ").append(quote(path))
                    .append(", \"content\": ").append(quote(read(dir.resolve(path), path))).append('}');
        }
        files.append(paths.isEmpty() ? "]" : "\n  ]");
        if (filesOnly) {
            System.out.println(files.toString().replace("\n  ]", "\n]").replace("\n    {", "\n  {"));
            return;
        }
        StringBuilder out = new StringBuilder("{\n  \"slug\": ").append(quote(slug))
                .append(",\n  \"moduleFormat\": ").append(quote(format));
        if (version != null) {
            out.append(",\n  \"version\": ").append(quote(version));
        }
        out.append(",\n  \"files\": ").append(files).append("\n}");
        System.out.println(out);
    }

    /** Relative paths with '/' separators, sorted, without hidden entries or the generated marker file. */
    static List<String> collect(Path dir) throws IOException {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)).forEach(p -> {
                Path relative = dir.relativize(p);
                for (Path segment : relative) {
                    if (segment.toString().startsWith(".")) {
                        return; // hidden file or folder, including .af-global-skill.json
                    }
                }
                paths.add(relative.toString().replace('\\', '/'));
            });
        }
        paths.sort(String::compareTo);
        return paths;
    }

    static String read(Path file, String path) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            fail(path + " is not UTF-8 text; bundles carry text files only");
            return null;
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            fail("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
