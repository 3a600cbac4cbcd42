package org.sigmappg.data;

import java.nio.file.Path;
import org.sigmappg.io.ReadOptions;
import org.sigmappg.io.RecordingReader;

/**
 * One file an import will read as a record.
 *
 * @param file the file (the header for WFDB)
 * @param relativePath its path relative to the dataset root, '/' separated
 * @param recordName unique name of the record in the dataset
 * @param subject the subject the record belongs to: splits downstream are by subject
 * @param reader the reader for its format
 * @param options what the reader is told (rate, channel names)
 * @param labelFile a label file at its own rate for this record, or null
 * @param labelOffset seconds added to the times of its label file (the recipe's labels.offsets)
 */
public record RecordSource(Path file, String relativePath, String recordName, String subject, RecordingReader reader,
                           ReadOptions options, Path labelFile, double labelOffset) {
}
