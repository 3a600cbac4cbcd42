/**
 * PyTorch weight files without Python: {@link org.sigmappg.io.torch.TorchCheckpoint} reads what
 * {@code torch.save} writes (and never runs anything a pickle names), {@link org.sigmappg.io.torch.SafeTensorsFile}
 * reads and writes safetensors; both give {@link org.sigmappg.io.torch.TorchTensor}s.
 */
package org.sigmappg.io.torch;
