package dev.agentfactory.worker.hydration;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The snapshot a hydration bundle names for restore.
 *
 * @param snapshotId  its id
 * @param sha256      hex sha256 of the archive
 * @param sizeBytes   archive size
 * @param downloadUrl where to fetch the content, when the queue says (else the snapshot content endpoint)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotRef(@JsonAlias("id") String snapshotId, String sha256, Long sizeBytes,
                          @JsonAlias({"contentUrl", "url"}) String downloadUrl) {
}
