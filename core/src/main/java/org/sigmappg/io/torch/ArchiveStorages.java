package org.sigmappg.io.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.sigmappg.io.ReadException;

/**
 * The storages of a {@code torch.save} archive, each decoded once into a float or long array the first
 * time a tensor needs it, and the tensors viewing them: a view covering its whole storage row-major (the
 * usual case) shares the storage's array, any other view gets a copy, identical views get the same tensor.
 */
final class ArchiveStorages implements RestrictedUnpickler.Storages {
    /**
     * Views may copy at most this many elements beyond all the storages decoded: a few overlapping views of
     * one storage are normal, a pickle that views a large storage again and again to multiply memory is not.
     */
    private static final long COPY_ALLOWANCE = 1L << 24;

    private final ZipArchive archive;
    private final String prefix;
    private final Path file;
    private final Map<String, StorageReference> references = new HashMap<>();
    private final Map<String, Object> decoded = new HashMap<>();
    private final Map<String, TorchTensor> views = new HashMap<>();
    private long decodedElements;
    private long copiedElements;

    ArchiveStorages(ZipArchive archive, String prefix) {
        this.archive = archive;
        this.prefix = prefix;
        this.file = archive.file();
    }

    @Override
    public StorageReference storage(String key, String storageClass, TorchDType dtype, long numel, String where) throws IOException {
        StorageReference known = references.get(key);
        if (known != null) {
            if (!known.storageClass().equals(storageClass) || known.numel() != numel) {
                throw new ReadException(file, where, "storage '" + key + "' is described twice, differently: the pickle is malformed");
            }
            return known;
        }
        String entryName = prefix + "data/" + key;
        ZipArchive.Entry entry = archive.entry(entryName).orElseThrow(() -> new ReadException(file, where,
                "the pickle refers to storage '" + key + "', which the archive does not hold (no entry " + entryName
                        + "): the file is incomplete or damaged"));
        long bytes;
        try {
            bytes = Math.multiplyExact(numel, dtype == null ? 1 : dtype.bytes());
        } catch (ArithmeticException e) {
            bytes = -1;
        }
        if (bytes != entry.size()) {
            throw new ReadException(file, where, "storage '" + key + "' is said to hold " + numel + " " + (dtype == null ? "bytes"
                    : dtype + " values") + " but its entry " + entryName + " holds " + entry.size() + " bytes: the file is damaged");
        }
        StorageReference reference = new StorageReference(key, storageClass, dtype, numel);
        references.put(key, reference);
        return reference;
    }

    @Override
    public TorchTensor tensor(StorageReference storage, TorchDType dtype, long offset, long[] size, long[] stride, String where)
            throws IOException {
        String shape = Arrays.toString(size);
        if (size.length != stride.length) {
            throw new ReadException(file, where, "a tensor of shape " + shape + " has " + stride.length + " strides: the pickle is malformed");
        }
        if (offset < 0 || Arrays.stream(size).anyMatch(s -> s < 0) || Arrays.stream(stride).anyMatch(s -> s < 0)) {
            throw new ReadException(file, where, "a tensor has a negative size, stride or offset: the pickle is malformed");
        }
        long capacity = storage.bytes() / dtype.bytes();
        long numel;
        long last = offset;
        try {
            numel = 1;
            for (int d = 0; d < size.length; d++) {
                numel = Math.multiplyExact(numel, size[d]);
                if (size[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
                }
            }
        } catch (ArithmeticException e) {
            throw new ReadException(file, where, "a tensor of shape " + shape + " has more elements than can be counted: the file is damaged");
        }
        if (numel > 0 && last >= capacity) {
            throw new ReadException(file, where, "a tensor of shape " + shape + " reaches element " + last + " of storage '"
                    + storage.key() + "', which holds " + capacity + ": the file is damaged");
        }
        if (numel > capacity) {
            throw new ReadException(file, where, "a tensor of shape " + shape + " has " + numel + " elements but its storage '"
                    + storage.key() + "' holds " + capacity + "; views that repeat elements are not read");
        }
        if (!dtype.isRead()) {
            return TorchTensor.read(dtype, size, null);
        }
        String viewKey = storage.key() + "/" + dtype + "/" + offset + "/" + shape + "/" + Arrays.toString(stride);
        TorchTensor known = views.get(viewKey);
        if (known != null) {
            return known;
        }
        Object whole = decode(storage, dtype, capacity, where);
        Object values;
        boolean contiguous = TensorTools.isContiguous(size, stride);
        if (offset == 0 && numel == capacity && contiguous) {
            values = whole;
        } else {
            if (copiedElements + numel > decodedElements + COPY_ALLOWANCE) {
                throw new ReadException(file, where, "the pickle's views copy more than the archive stores ("
                        + (copiedElements + numel) + " elements against " + decodedElements + "): the pickle is malformed");
            }
            TensorTools.ensureMemory(file, "a tensor of shape " + shape, numel * (dtype.isFloat() ? 4 : 8));
            values = TensorTools.allocate(dtype, (int) numel);
            if (contiguous) {
                System.arraycopy(whole, (int) offset, values, 0, (int) numel);
            } else {
                TensorTools.gather(whole, values, offset, size, stride);
            }
            copiedElements += numel;
        }
        TorchTensor tensor = TorchTensor.read(dtype, size, values);
        views.put(viewKey, tensor);
        return tensor;
    }

    /** The whole storage as values of {@code dtype}, decoded on first use. */
    private Object decode(StorageReference storage, TorchDType dtype, long capacity, String where) throws IOException {
        String key = storage.key() + "/" + dtype;
        Object known = decoded.get(key);
        if (known != null) {
            return known;
        }
        if (capacity > TensorTools.MAX_ARRAY) {
            throw new ReadException(file, where, "storage '" + storage.key() + "' holds " + capacity + " values, more than one Java array can");
        }
        TensorTools.ensureMemory(file, "storage '" + storage.key() + "'", capacity * (dtype.isFloat() ? 4 : 8));
        Object values = TensorTools.allocate(dtype, (int) capacity);
        int[] at = {0};
        archive.stream(archive.entry(prefix + "data/" + storage.key()).orElseThrow(), chunk -> {
            // An untyped storage viewed as wider elements may end in a partial element, which no view reaches.
            chunk.limit((int) Math.min(chunk.limit(), (capacity - at[0]) * dtype.bytes()));
            at[0] += TensorTools.decode(dtype, chunk, values, at[0]);
        });
        decoded.put(key, values);
        decodedElements += capacity;
        return values;
    }
}
