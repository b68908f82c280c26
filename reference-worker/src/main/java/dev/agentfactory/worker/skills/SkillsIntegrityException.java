package dev.agentfactory.worker.skills;

import java.util.List;

/** The manifest cannot be materialized as served (checksum mismatch, unsafe path, unknown layout): retry later. */
public final class SkillsIntegrityException extends RuntimeException {

    public SkillsIntegrityException(List<String> problems) {
        super("skills manifest rejected: " + String.join("; ", problems));
    }
}
