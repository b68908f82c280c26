package dev.agentfactory.worker.skills;

import dev.agentfactory.worker.Log;
import dev.agentfactory.worker.hydration.ManifestVersions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the skills directory at the manifest's current version: skipped when the hydration bundle names the version
 * already in place, else a conditional fetch; a changed manifest is verified in full, then materialized atomically.
 * A manifest that fails verification throws {@link SkillsIntegrityException} and leaves the previous skills intact.
 */
public final class SkillsSync {

    private final SkillsClient client;
    private final ManifestVerifier verifier;
    private final SkillsMaterializer materializer;
    private final String channel;
    private String etag;

    public SkillsSync(SkillsClient client, SkillsMaterializer materializer, String channel) {
        this.client = client;
        this.verifier = new ManifestVerifier();
        this.materializer = materializer;
        this.channel = channel;
    }

    /** The ETag of the skills in place, or null before the first materialization. */
    public String currentEtag() {
        return etag;
    }

    /**
     * Brings the skills up to date; {@code expectedVersion} (may be null) is the stable channel's version hydration
     * announced (ignored on other channels).
     */
    public void ensure(String expectedVersion) throws IOException, InterruptedException {
        if (!"stable".equals(channel)) {
            expectedVersion = null;
        }
        boolean present = Files.isDirectory(materializer.skillsDir());
        if (present && etag != null && expectedVersion != null && expectedVersion.equals(ManifestVersions.normalize(etag))) {
            return;
        }
        SkillsClient.Fetched fetched = client.fetch(channel, present ? etag : null);
        if (fetched == null) {
            return;
        }
        var files = verifier.verify(fetched.manifest());
        materializer.materialize(files);
        etag = fetched.etag();
        int skills = fetched.manifest().skills() == null ? 0 : fetched.manifest().skills().size();
        Log.info("skills materialized: " + skills + " skill(s), " + files.size() + " file(s), version " + etag);
    }

    Path skillsDir() {
        return materializer.skillsDir();
    }
}
