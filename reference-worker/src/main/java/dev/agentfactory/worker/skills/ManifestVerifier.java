package dev.agentfactory.worker.skills;

import dev.agentfactory.worker.Digests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a manifest before anything touches the disk: known layout, safe directory names and paths, and every file's
 * sha256 over its decoded bytes. Returns the files to write, keyed by their path below the skills directory.
 */
public final class ManifestVerifier {

    private static final Pattern DIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    public Map<String, byte[]> verify(SkillsManifest manifest) {
        List<String> problems = new ArrayList<>();
        if (manifest.layoutVersion() != null && !SkillsManifest.LAYOUT.equals(manifest.layoutVersion())) {
            problems.add("unknown layoutVersion " + manifest.layoutVersion());
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Set<String> dirs = new HashSet<>();
        for (SkillsManifest.Skill skill : manifest.skills() == null ? List.<SkillsManifest.Skill>of() : manifest.skills()) {
            String dir = skill.skillDirName();
            if (dir == null || !DIR_NAME.matcher(dir).matches() || !dirs.add(dir)) {
                problems.add("skill " + skill.slug() + ": bad or duplicate skillDirName " + dir);
                continue;
            }
            for (SkillsManifest.SkillFile f : skill.files() == null ? List.<SkillsManifest.SkillFile>of() : skill.files()) {
                verifyFile(dir, f, files, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new SkillsIntegrityException(problems);
        }
        return files;
    }

    private static void verifyFile(String dir, SkillsManifest.SkillFile f, Map<String, byte[]> files, List<String> problems) {
        String where = dir + "/" + f.path();
        if (!safePath(f.path())) {
            problems.add(where + ": unsafe path");
            return;
        }
        byte[] bytes;
        try {
            bytes = decode(f);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return;
        }
        if (f.sha256() == null || !HEX.matcher(f.sha256()).matches()) {
            problems.add(where + ": missing or malformed sha256");
        } else if (!Digests.sha256(bytes).equalsIgnoreCase(f.sha256())) {
            problems.add(where + ": sha256 mismatch");
        } else if (files.putIfAbsent(where, bytes) != null) {
            problems.add(where + ": duplicate path");
        }
    }

    private static byte[] decode(SkillsManifest.SkillFile f) {
        if (f.content() == null) {
            throw new IllegalArgumentException("no content");
        }
        if (f.encoding() == null || "utf-8".equalsIgnoreCase(f.encoding()) || "utf8".equalsIgnoreCase(f.encoding())) {
            return f.content().getBytes(StandardCharsets.UTF_8);
        }
        if ("base64".equalsIgnoreCase(f.encoding())) {
            return Base64.getDecoder().decode(f.content());
        }
        throw new IllegalArgumentException("unknown encoding " + f.encoding());
    }

    /** Relative, forward slashes, no empty, {@code .} or {@code ..} segment, no backslash or NUL. */
    static boolean safePath(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
