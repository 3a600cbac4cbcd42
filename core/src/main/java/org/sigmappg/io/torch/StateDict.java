package org.sigmappg.io.torch;

import java.util.Map;

/**
 * The state dict found in a checkpoint: its tensors by name in file order, where it was found, and the
 * entries beside the tensors that were not tensors (kept for a report of what was ignored).
 *
 * @param location where it was found, as Python would write it: {@code checkpoint['model']}, or
 *                 {@code checkpoint} for a bare state dict
 * @param tensors tensors by name, all of a type that is read
 * @param skipped names of the other entries, with what each holds (e.g. {@code "int"}, {@code "dict"})
 */
public record StateDict(String location, Map<String, TorchTensor> tensors, Map<String, String> skipped) {
}
