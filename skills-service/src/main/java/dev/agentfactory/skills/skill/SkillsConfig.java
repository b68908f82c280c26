package dev.agentfactory.skills.skill;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of global skill bundles. */
@ConfigMapping(prefix = "af.skills")
public interface SkillsConfig {

    /** Most files in one bundle. */
    @WithDefault("200")
    int maxFiles();

    /** Largest file, in UTF-8 bytes. */
    @WithDefault("262144")
    int maxFileBytes();

    /** Largest bundle (sum of file sizes), in UTF-8 bytes; requests are capped at 1 MiB anyway. */
    @WithDefault("786432")
    int maxBundleBytes();
}
