package org.sigmappg.io.torch;

/**
 * A tensor storage a checkpoint's pickle refers to by key (its bytes are the archive entry
 * {@code data/<key>}); it appears as a value only where the pickle keeps a storage outside a tensor.
 *
 * @param key the storage's key in the archive
 * @param storageClass the class the pickle gives it, e.g. {@code torch.FloatStorage} or {@code torch.UntypedStorage}
 * @param dtype its element type, or null for an untyped (byte) storage
 * @param numel its length in elements (in bytes for an untyped storage)
 */
public record StorageReference(String key, String storageClass, TorchDType dtype, long numel) {
    /** Bytes the storage holds. */
    long bytes() {
        return dtype == null ? numel : numel * dtype.bytes();
    }

    @Override
    public String toString() {
        return "storage('" + key + "', " + storageClass + ", " + numel + ")";
    }
}
