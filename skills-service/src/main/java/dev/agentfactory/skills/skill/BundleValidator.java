package dev.agentfactory.skills.skill;

import dev.agentfactory.platform.problem.Problem;
import dev.agentfactory.platform.problem.Problem.Violation;
import dev.agentfactory.platform.problem.ProblemException;
import dev.agentfactory.skills.skill.BundleModels.BundleFile;
import dev.agentfactory.skills.skill.BundleModels.BundleRequest;
import dev.agentfactory.skills.skill.BundleModels.SkillFile;
import dev.agentfactory.skills.skill.BundleModels.ValidatedBundle;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a skill bundle completely and reports every violation at once (one 400 problem listing every bad
 * path), so a publisher fixes all of them in one round.
 */
public final class BundleValidator {

    public static final String GENERATED_FILE = ".af-global-skill.json";
    public static final String SLUG_PATTERN = "^[a-z0-9][a-z0-9-]{0,63}$";
    private static final Pattern SLUG = Pattern.compile(SLUG_PATTERN);
    private static final Pattern VERSION = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$");
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final Set<String> RESERVED_SLUGS = Set.of("manifest");
    private static final int MAX_PATH = 255;

    private BundleValidator() {
    }

    public record Limits(int maxFiles, int maxFileBytes, int maxBundleBytes) {
    }

    public static ValidatedBundle validate(BundleRequest request, Limits limits) {
        List<Violation> violations = new ArrayList<>();
        if (request.slug() == null || !SLUG.matcher(request.slug()).matches()) {
            violations.add(new Violation("slug", "must be 1-64 characters of a-z 0-9 - starting with a letter or digit"));
        } else if (RESERVED_SLUGS.contains(request.slug())) {
            violations.add(new Violation("slug", "'" + request.slug() + "' is reserved"));
        }
        if (request.version() != null && !VERSION.matcher(request.version()).matches()) {
            violations.add(new Violation("version", "must be 1-64 characters of A-Z a-z 0-9 . + _ - (e.g. 1.4.0)"));
        }
        String format = request.moduleFormat();
        if (!"esm".equals(format) && !"cjs".equals(format)) {
            violations.add(new Violation("moduleFormat", "must be esm or cjs"));
        }
        List<BundleFile> files = request.files() == null ? List.of() : request.files();
        if (files.isEmpty()) {
            violations.add(new Violation("files", "must contain at least SKILL.md and the entry script"));
        } else if (files.size() > limits.maxFiles()) {
            violations.add(new Violation("files", "at most " + limits.maxFiles() + " files, not " + files.size()));
        }
        List<SkillFile> accepted = checkFiles(files, limits, violations);
        Set<String> paths = new HashSet<>();
        accepted.forEach(f -> paths.add(f.path()));
        if (!files.isEmpty() && !paths.contains("SKILL.md")) {
            violations.add(new Violation("files", "SKILL.md is required"));
        }
        if ("esm".equals(format) || "cjs".equals(format)) {
            String entry = entryPoint(format);
            if (!files.isEmpty() && !paths.contains(entry)) {
                violations.add(new Violation("files", entry + " is required for moduleFormat " + format));
            }
        }
        int total = accepted.stream().mapToInt(f -> f.content().getBytes(StandardCharsets.UTF_8).length).sum();
        if (total > limits.maxBundleBytes()) {
            violations.add(new Violation("files", "the bundle has " + total + " bytes; at most " + limits.maxBundleBytes()));
        }
        if (!violations.isEmpty()) {
            String detail = violations.size() == 1 ? "the bundle has 1 problem" : "the bundle has " + violations.size() + " problems";
            throw new ProblemException(Problem.invalid(detail, violations));
        }
        accepted.sort(Comparator.comparing(SkillFile::path));
        return new ValidatedBundle(request.slug(), request.version(), format, List.copyOf(accepted),
                Digests.bundleDigest(accepted), total);
    }

    public static String entryPoint(String moduleFormat) {
        return "cjs".equals(moduleFormat) ? "scripts/index.cjs" : "scripts/index.mjs";
    }

    private static List<SkillFile> checkFiles(List<BundleFile> files, Limits limits, List<Violation> violations) {
        List<SkillFile> accepted = new ArrayList<>();
        Map<String, String> seenFolded = new HashMap<>();
        Set<String> directories = new HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            BundleFile file = files.get(i);
            String field = "files[" + i + "]";
            if (file == null) {
                violations.add(new Violation(field, "must be an object {path, content}"));
                continue;
            }
            String path = file.path();
            String problem = pathProblem(path);
            if (problem != null) {
                violations.add(new Violation(field + ".path", quote(path) + " " + problem));
                continue;
            }
            String earlier = seenFolded.putIfAbsent(path.toLowerCase(Locale.ROOT), path);
            if (earlier != null) {
                violations.add(new Violation(field + ".path", quote(path) + (earlier.equals(path)
                        ? " appears more than once" : " differs from " + quote(earlier) + " only by case")));
                continue;
            }
            if (file.content() == null) {
                violations.add(new Violation(field + ".content", quote(path) + " has no content"));
                continue;
            }
            int bytes = file.content().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limits.maxFileBytes()) {
                violations.add(new Violation(field + ".content", quote(path) + " has " + bytes + " bytes; at most "
                        + limits.maxFileBytes()));
                continue;
            }
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                directories.add(path.substring(0, slash));
            }
            accepted.add(new SkillFile(path, file.content(), Digests.sha256Hex(file.content())));
        }
        for (int i = 0; i < files.size(); i++) {
            BundleFile file = files.get(i);
            if (file != null && file.path() != null && directories.contains(file.path())) {
                violations.add(new Violation("files[" + i + "].path", quote(file.path()) + " is both a file and a folder"));
                accepted.removeIf(f -> f.path().equals(file.path()));
            }
        }
        return accepted;
    }

    /** Why a path is unacceptable, or null. */
    static String pathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return "is empty";
        }
        if (path.length() > MAX_PATH) {
            return "is longer than " + MAX_PATH + " characters";
        }
        if (path.indexOf('\\') >= 0) {
            return "must not contain a backslash (use '/')";
        }
        if (path.startsWith("/") || DRIVE.matcher(path).matches()) {
            return "must be relative (no leading '/' or drive letter)";
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must not contain control characters";
        }
        if (path.equals(GENERATED_FILE)) {
            return "is generated by the service and must not be supplied";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return "must not contain empty segments ('//' or a trailing '/')";
            }
            if (segment.equals("..")) {
                return "must not contain '..' segments";
            }
            if (segment.equals(".")) {
                return "must not contain '.' segments";
            }
            if (segment.startsWith(".")) {
                return "must not contain hidden segments (starting with '.')";
            }
        }
        return null;
    }

    private static String quote(String path) {
        return "'" + path + "'";
    }
}
