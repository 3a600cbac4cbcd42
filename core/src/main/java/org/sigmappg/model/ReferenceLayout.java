package org.sigmappg.model;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sigmappg.io.torch.TorchTensor;

/**
 * The published SIGMA-PPG student's state dict (METHOD section 5, the reference's
 * {@code NeuralTransformerForMEM}) mapped onto our {@link StudentBlock} and back. Reading, the architecture is taken
 * from the tensors' shapes, every backbone tensor must be present with its expected shape, and each one lands on the
 * parameter that computes the same thing: convolution weights lose their height axis of 1, the channel table
 * {@code pos_embed}'s row of the PPG channel (row 1, the reference's {@code input_chans = [0, 1]}) is added into every
 * {@code time_embed} row and into {@code cls_token} (the reference adds it to both), BEiT-style {@code q_bias}/{@code v_bias}
 * become one qkv bias with a zero key part, and layer-scale factors multiply the rows of the projections they scale.
 * Writing, our student comes out in the reference's names, which its model loads with {@code load_state_dict}.
 */
public final class ReferenceLayout {
    /** The channel-table row of the single PPG channel ({@code input_chans = [0, 1]}). */
    public static final int PPG_CHANNEL_ROW = 1;
    /** Rows of the reference's channel table ({@code pos_embed} [1, 129, W]). */
    public static final int CHANNEL_ROWS = 129;
    /** The published model's patch length; shapes alone cannot tell it (several lengths give the same convolution output). */
    public static final int REFERENCE_PATCH_SAMPLES = 100;

    private static final Pattern BLOCK = Pattern.compile("blocks\\.(\\d+)\\.(.+)");
    private static final List<String> CONV_PARTS = List.of("conv1.weight", "conv1.bias", "norm1.weight", "norm1.bias", "conv2.weight",
            "conv2.bias", "norm2.weight", "norm2.bias", "conv3.weight", "conv3.bias", "norm3.weight", "norm3.bias");

    private ReferenceLayout() {
    }

    /** A tensor of the file that was loaded: its name there, ours, its shape, and what was done to it. */
    public record Loaded(String reference, String ours, String shape, String how) {
    }

    /** A tensor of the file that was not loaded, and why. */
    public record Ignored(String reference, String shape, String why) {
    }

    /**
     * A state dict read as our student: the parameters it describes and every parameter's values by our canonical name
     * ({@link ParameterNames}), with the report of what was loaded, ignored, and missing (only heads may be missing).
     */
    public record Conversion(StudentParams params, Map<String, float[]> values, List<Loaded> loaded, List<Ignored> ignored,
                             List<String> missing) {
        /** Sets every converted parameter of {@code student} (initialised, of {@link #params}). */
        public void applyTo(StudentBlock student) {
            Map<String, Parameter> ours = ParameterNames.canonical(student);
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                Parameter p = ours.get(e.getKey());
                if (p == null || p.getArray().getShape().size() != e.getValue().length) {
                    throw new IllegalStateException("converted tensor " + e.getKey() + " does not fit the student built from its own shapes");
                }
                p.getArray().set(e.getValue());
            }
        }
    }

    /**
     * Reads a state dict (names with or without {@code module.}; a pre-training wrapper with {@code student.} names
     * and a top-level {@code lm_head}, or a bare student) as our student.
     *
     * @param patchSamples the samples per patch the model was trained on ({@link #REFERENCE_PATCH_SAMPLES} for the
     *     published model); checked against the patch embedding's size
     * @throws IllegalArgumentException naming the tensor when a backbone tensor is missing or has the wrong shape
     */
    public static Conversion fromReference(Map<String, TorchTensor> state, int patchSamples) {
        Map<String, TorchTensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, TorchTensor> e : state.entrySet()) {
            t.put(e.getKey().startsWith("module.") ? e.getKey().substring("module.".length()) : e.getKey(), e.getValue());
        }
        String prefix = t.keySet().stream().anyMatch(k -> k.startsWith("student.")) ? "student." : "";
        Reader r = new Reader(t, prefix);
        return r.read(patchSamples);
    }

    /** Reads one state dict; tracks which tensors were used. */
    private static final class Reader {
        private final Map<String, TorchTensor> tensors;
        private final String prefix;
        private final Map<String, float[]> values = new LinkedHashMap<>();
        private final List<Loaded> loaded = new ArrayList<>();
        private final List<Ignored> ignored = new ArrayList<>();
        private final List<String> missing = new ArrayList<>();
        private final Set<String> used = new TreeSet<>();

        Reader(Map<String, TorchTensor> tensors, String prefix) {
            this.tensors = tensors;
            this.prefix = prefix;
        }

        Conversion read(int patchSamples) {
            TorchTensor cls = require("cls_token", -1, -1, -1);
            int width = (int) cls.shape()[2];
            requireShape("cls_token", cls, 1, 1, width);
            TorchTensor conv1 = require("patch_embed_conv.conv1.weight", -1, 1, 1, -1);
            int channels = (int) conv1.shape()[0];
            int kernel = (int) conv1.shape()[3];
            TorchTensor conv2 = require("patch_embed_conv.conv2.weight", channels, channels, 1, -1);
            int refineKernel = (int) conv2.shape()[3];
            TemporalConvParams reference = TemporalConvParams.reference();
            TemporalConvParams conv = new TemporalConvParams(channels, kernel, reference.stride(), (kernel - 1) / 2, refineKernel,
                    (refineKernel - 1) / 2, reference.groups(), reference.groupNormEps(), TemporalConvParams.NormScope.WINDOW);
            TorchTensor projection = require("patch_embed_projection.weight", width, -1);
            int features = (int) projection.shape()[1];
            if (features != conv.features(patchSamples)) {
                throw new IllegalArgumentException(name("patch_embed_projection.weight") + " takes " + features + " features per patch, but "
                        + patchSamples + "-sample patches through " + channels + " convolution channels give " + conv.features(patchSamples)
                        + "; the model was trained on another patch length (give it with --patch-samples)");
            }
            TorchTensor time = require("time_embed", 1, -1, width);
            int maxPatches = (int) time.shape()[1];
            int depth = 0;
            while (tensors.containsKey(name("blocks." + depth + ".attn.qkv.weight"))) {
                depth++;
            }
            if (depth == 0) {
                throw new IllegalArgumentException("the checkpoint has no transformer block (" + name("blocks.0.attn.qkv.weight") + " is missing)");
            }
            boolean qkNorm = tensors.containsKey(name("blocks.0.attn.q_norm.weight"));
            if (!qkNorm) {
                throw new IllegalArgumentException("the checkpoint's attention has no per-head q_norm/k_norm, so its head count cannot be read "
                        + "from its shapes; only the SIGMA-PPG layout with QK-LayerNorm (the published 'pro' student) is read");
            }
            int headWidth = (int) require("blocks.0.attn.q_norm.weight", -1).shape()[0];
            if (headWidth < 1 || width % headWidth != 0) {
                throw new IllegalArgumentException(name("blocks.0.attn.q_norm.weight") + " has " + headWidth + " values, which do not divide the width "
                        + width + " into heads");
            }
            boolean qkvBias = tensors.containsKey(name("blocks.0.attn.q_bias"));
            int hidden = (int) require("blocks.0.mlp.fc1.weight", -1, width).shape()[0];
            TransformerParams transformer = new TransformerParams(width, depth, width / headWidth, (double) hidden / width, qkvBias, true,
                    0.08, 0.08, 0.15, 1e-6);

            boolean topHead = !prefix.isEmpty() && tensors.containsKey("lm_head.weight");
            TorchTensor head = topHead ? tensors.get("lm_head.weight") : tensors.get(name("lm_head.weight"));
            int codebookSize = head == null ? StudentParams.pro().codebookSize() : (int) head.shape()[0];
            StudentParams pro = StudentParams.pro();
            StudentParams params = new StudentParams(StudentParams.VERSION, patchSamples, maxPatches, conv, transformer, codebookSize,
                    pro.optimiser(), pro.masking(), pro.teacher());

            float[] channelRow = channelRow(width);
            float[] timeValues = time.floats().clone();
            for (int p = 0; channelRow != null && p < maxPatches; p++) {
                for (int j = 0; j < width; j++) {
                    timeValues[p * width + j] += channelRow[j];
                }
            }
            put("time_embed", "time_embed", time, timeValues, channelRow == null ? "copied (no channel table)"
                    : "plus pos_embed row " + PPG_CHANNEL_ROW + " (the PPG channel), as the reference adds it to every patch");
            float[] clsValues = cls.floats().clone();
            for (int j = 0; j < width; j++) {
                clsValues[j] += channelRow == null ? 0 : channelRow[j];
            }
            put("cls_token", "cls_token", cls, clsValues, channelRow == null ? "copied (no channel table)"
                    : "plus pos_embed row " + PPG_CHANNEL_ROW + ", as the reference's forward adds it to the class token too");
            copy("mask_token", "mask_token", 1, 1, width);

            for (String part : CONV_PARTS) {
                String ref = "patch_embed_conv." + part;
                TorchTensor x = require(ref);
                if (part.startsWith("conv")) {
                    boolean weight = part.endsWith("weight");
                    int in = part.startsWith("conv1") ? 1 : channels;
                    int k = part.startsWith("conv1") ? kernel : refineKernel;
                    if (weight) {
                        requireShape(ref, x, channels, in, 1, k);
                    } else {
                        requireShape(ref, x, channels);
                    }
                    put(ref, "patch_embed." + part, x, x.floats(), weight ? "Conv2d (1, k) weight read as Conv1d (height axis of 1 dropped)" : "copied");
                } else {
                    requireShape(ref, x, channels);
                    put(ref, "patch_embed." + part, x, x.floats(), "copied");
                }
            }
            copy("patch_embed_projection.weight", "patch_embed.proj.weight", width, features);
            copy("patch_embed_projection.bias", "patch_embed.proj.bias", width);
            duplicates("patch_embed_seq.0.", "patch_embed_conv.");
            duplicates("patch_embed_seq.1.", "patch_embed_projection.");

            for (int i = 0; i < depth; i++) {
                String b = "blocks." + i + ".";
                copy(b + "norm1.weight", b + "norm1.weight", width);
                copy(b + "norm1.bias", b + "norm1.bias", width);
                copy(b + "attn.qkv.weight", b + "attn.qkv.weight", 3 * width, width);
                if (qkvBias) {
                    TorchTensor q = require(b + "attn.q_bias", width);
                    TorchTensor v = require(b + "attn.v_bias", width);
                    float[] bias = new float[3 * width];
                    System.arraycopy(q.floats(), 0, bias, 0, width);
                    System.arraycopy(v.floats(), 0, bias, 2 * width, width);
                    values.put(b + "attn.qkv.bias", bias);
                    loaded.add(new Loaded(name(b + "attn.q_bias") + " + " + name(b + "attn.v_bias"), b + "attn.qkv.bias", "[" + 3 * width + "]",
                            "concatenated with a zero key bias, as the reference's forward does"));
                    used.add(name(b + "attn.v_bias"));
                }
                for (String norm : List.of("q_norm", "k_norm")) {
                    copy(b + "attn." + norm + ".weight", b + "attn." + norm + ".weight", headWidth);
                    copy(b + "attn." + norm + ".bias", b + "attn." + norm + ".bias", headWidth);
                }
                scaled(b, "gamma_1", "attn.proj", width, width);
                copy(b + "norm2.weight", b + "norm2.weight", width);
                copy(b + "norm2.bias", b + "norm2.bias", width);
                copy(b + "mlp.fc1.weight", b + "mlp.fc1.weight", hidden, width);
                copy(b + "mlp.fc1.bias", b + "mlp.fc1.bias", hidden);
                scaled(b, "gamma_2", "mlp.fc2", width, hidden);
            }
            copy("norm.weight", "blocks.norm.weight", width);
            copy("norm.bias", "blocks.norm.bias", width);

            if (head != null) {
                String ref = topHead ? "lm_head." : prefix + "lm_head.";
                requireShape(ref + "weight", head, codebookSize, width);
                putRaw(ref + "weight", "lm_head.weight", head, head.floats(), topHead
                        ? "copied: the wrapper's lm_head, the head pre-training trained" : "copied");
                TorchTensor headBias = tensors.get(ref + "bias");
                if (headBias != null) {
                    requireShape(ref + "bias", headBias, codebookSize);
                    putRaw(ref + "bias", "lm_head.bias", headBias, headBias.floats(), "copied");
                } else {
                    missing.add(ref + "bias");
                }
            } else {
                missing.add("lm_head.weight");
                missing.add("lm_head.bias");
            }
            for (Map.Entry<String, TorchTensor> e : tensors.entrySet()) {
                if (!used.contains(e.getKey())) {
                    ignored.add(new Ignored(e.getKey(), shape(e.getValue()), whyIgnored(e.getKey(), topHead)));
                }
            }
            return new Conversion(params, values, loaded, ignored, missing);
        }

        /** Row {@link #PPG_CHANNEL_ROW} of the channel table, or null when there is none. */
        private float[] channelRow(int width) {
            TorchTensor pos = tensors.get(name("pos_embed"));
            if (pos == null) {
                return null;
            }
            requireShape("pos_embed", pos, 1, -1, width);
            if (pos.shape()[1] <= PPG_CHANNEL_ROW) {
                throw new IllegalArgumentException(name("pos_embed") + " has " + pos.shape()[1] + " rows; the PPG channel's row "
                        + PPG_CHANNEL_ROW + " is missing");
            }
            used.add(name("pos_embed"));
            loaded.add(new Loaded(name("pos_embed"), "time_embed, cls_token", shape(pos), "row " + PPG_CHANNEL_ROW
                    + " (the PPG channel) added into both; the other rows are not used by a single-channel forward"));
            return Arrays.copyOfRange(pos.floats(), PPG_CHANNEL_ROW * width, (PPG_CHANNEL_ROW + 1) * width);
        }

        /** A projection that a layer-scale factor (if present) multiplies: its rows and bias scaled. */
        private void scaled(String block, String gamma, String part, int out, int in) {
            TorchTensor w = require(block + part + ".weight", out, in);
            TorchTensor bias = require(block + part + ".bias", out);
            TorchTensor g = tensors.get(name(block + gamma));
            if (g == null) {
                put(block + part + ".weight", block + part + ".weight", w, w.floats(), "copied");
                put(block + part + ".bias", block + part + ".bias", bias, bias.floats(), "copied");
                return;
            }
            requireShape(block + gamma, g, out);
            used.add(name(block + gamma));
            float[] wv = w.floats().clone();
            float[] bv = bias.floats().clone();
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    wv[o * in + i] *= g.floats()[o];
                }
                bv[o] *= g.floats()[o];
            }
            String how = "rows multiplied by " + name(block + gamma) + " (layer scale)";
            put(block + part + ".weight", block + part + ".weight", w, wv, how);
            put(block + part + ".bias", block + part + ".bias", bias, bv, how);
        }

        /** Checks that a second copy of the patch embedding (the reference registers it twice) equals the first. */
        private void duplicates(String copyPrefix, String originalPrefix) {
            for (Map.Entry<String, TorchTensor> e : tensors.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith(prefix + copyPrefix)) {
                    continue;
                }
                String original = prefix + originalPrefix + key.substring((prefix + copyPrefix).length());
                TorchTensor o = tensors.get(original);
                if (o == null || !Arrays.equals(o.shape(), e.getValue().shape()) || !Arrays.equals(o.floats(), e.getValue().floats())) {
                    throw new IllegalArgumentException(key + " should be the same tensor as " + original
                            + " (the reference registers the patch embedding twice), but it differs; the file was changed after saving");
                }
                used.add(key);
                ignored.add(new Ignored(key, shape(e.getValue()), "the same tensor as " + original + " (checked equal)"));
            }
        }

        private String whyIgnored(String key, boolean topHead) {
            if (key.startsWith("projection_head.")) {
                return "the pre-training wrapper's projection head, unused by its forward";
            }
            if (key.startsWith(prefix + "lm_head.") && topHead) {
                return "the student's own code head, unused by the pre-training wrapper (whose lm_head was trained)";
            }
            return "not part of the SIGMA-PPG student";
        }

        private void copy(String ref, String ours, long... shape) {
            TorchTensor x = require(ref, shape);
            put(ref, ours, x, x.floats(), "copied");
        }

        private void put(String ref, String ours, TorchTensor x, float[] v, String how) {
            putRaw(name(ref), ours, x, v, how);
        }

        private void putRaw(String fullName, String ours, TorchTensor x, float[] v, String how) {
            values.put(ours, v);
            used.add(fullName);
            loaded.add(new Loaded(fullName, ours, shape(x), how));
        }

        private TorchTensor require(String ref, long... shape) {
            TorchTensor x = tensors.get(name(ref));
            if (x == null) {
                throw new IllegalArgumentException("the checkpoint has no " + name(ref) + ", which the student's backbone needs");
            }
            if (shape.length > 0) {
                requireShape(ref, x, shape);
            }
            if (x.floats() == null) {
                throw new IllegalArgumentException(name(ref) + " is a " + x.dtype() + " tensor; the backbone's tensors are floating point");
            }
            return x;
        }

        private void requireShape(String ref, TorchTensor x, long... shape) {
            boolean ok = x.shape().length == shape.length;
            for (int i = 0; ok && i < shape.length; i++) {
                ok = shape[i] < 0 || shape[i] == x.shape()[i];
            }
            if (!ok) {
                StringBuilder want = new StringBuilder("[");
                for (int i = 0; i < shape.length; i++) {
                    want.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "any" : Long.toString(shape[i]));
                }
                throw new IllegalArgumentException(name(ref) + " has shape " + shape(x) + " where the student needs " + want + "]");
            }
        }

        private String name(String ref) {
            return prefix + ref;
        }
    }

    /**
     * Our student in the reference's names, as its pre-training model's {@code load_state_dict} expects every key:
     * {@code student.*} (the patch embedding twice, a zero channel table since our {@code time_embed} and
     * {@code cls_token} already hold it, the student's own head as a copy of ours), the top-level {@code lm_head} and a
     * zero {@code projection_head} (unused by the forward).
     */
    public static Map<String, TorchTensor> toReference(StudentBlock student) {
        StudentParams p = student.params();
        Map<String, Parameter> ours = ParameterNames.canonical(student);
        int width = p.transformer().width();
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        out.put("student.cls_token", tensor(ours, "cls_token", 1, 1, width));
        out.put("student.mask_token", tensor(ours, "mask_token", 1, 1, width));
        out.put("student.pos_embed", TorchTensor.ofFloats(new long[] {1, CHANNEL_ROWS, width}, new float[CHANNEL_ROWS * width]));
        out.put("student.time_embed", tensor(ours, "time_embed", 1, p.maxPatches(), width));
        int channels = p.temporalConv().channels();
        for (String prefix : List.of("student.patch_embed_conv.", "student.patch_embed_seq.0.")) {
            for (String part : CONV_PARTS) {
                String name = "patch_embed." + part;
                if (part.startsWith("conv") && part.endsWith("weight")) {
                    long[] s = ours.get(name).getArray().getShape().getShape();
                    out.put(prefix + part, tensor(ours, name, s[0], s[1], 1, s[2]));
                } else {
                    out.put(prefix + part, tensor(ours, name, channels));
                }
            }
        }
        for (String prefix : List.of("student.patch_embed_projection.", "student.patch_embed_seq.1.")) {
            out.put(prefix + "weight", tensor(ours, "patch_embed.proj.weight"));
            out.put(prefix + "bias", tensor(ours, "patch_embed.proj.bias"));
        }
        for (Map.Entry<String, Parameter> e : ours.entrySet()) {
            Matcher m = BLOCK.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            if (m.group(2).equals("attn.qkv.bias")) {
                // BEiT-style biases: the key part is dropped, which changes nothing without QK-norm (a key bias adds
                // the same score to every key of a query); with QK-norm the export is refused (see referenceDifferences).
                float[] all = e.getValue().getArray().toFloatArray();
                out.put("student.blocks." + m.group(1) + ".attn.q_bias", TorchTensor.ofFloats(new long[] {width}, Arrays.copyOfRange(all, 0, width)));
                out.put("student.blocks." + m.group(1) + ".attn.v_bias", TorchTensor.ofFloats(new long[] {width},
                        Arrays.copyOfRange(all, 2 * width, 3 * width)));
            } else {
                out.put("student." + e.getKey(), tensor(ours, e.getKey()));
            }
        }
        out.put("student.norm.weight", tensor(ours, "blocks.norm.weight"));
        out.put("student.norm.bias", tensor(ours, "blocks.norm.bias"));
        out.remove("student.blocks.norm.weight");
        out.remove("student.blocks.norm.bias");
        out.put("student.lm_head.weight", tensor(ours, "lm_head.weight"));
        out.put("student.lm_head.bias", tensor(ours, "lm_head.bias"));
        out.put("lm_head.weight", tensor(ours, "lm_head.weight"));
        out.put("lm_head.bias", tensor(ours, "lm_head.bias"));
        out.put("projection_head.0.weight", TorchTensor.ofFloats(new long[] {width, width}, new float[width * width]));
        out.put("projection_head.0.bias", TorchTensor.ofFloats(new long[] {width}, new float[width]));
        return out;
    }

    /**
     * Why the reference would compute something else with this student's weights, if it would: it takes group-norm
     * statistics over the whole window, and its qkv bias has no key part (which matters only under QK-norm). Empty when
     * the export is exact.
     */
    public static List<String> referenceDifferences(StudentParams p) {
        List<String> out = new ArrayList<>();
        if (p.temporalConv().normScope() != TemporalConvParams.NormScope.WINDOW) {
            out.add("this student takes group-norm statistics per patch; the reference takes them over the whole window, so it would embed "
                    + "the same windows differently");
        }
        if (p.transformer().qkvBias() && p.transformer().qkNorm()) {
            out.add("this student has a key bias under QK-norm, which the reference's q_bias/v_bias cannot hold");
        }
        TemporalConvParams ref = TemporalConvParams.reference();
        TemporalConvParams c = p.temporalConv();
        if (c.stride() != ref.stride() || c.kernel() != ref.kernel() || c.padding() != ref.padding() || c.refineKernel() != ref.refineKernel()
                || c.refinePadding() != ref.refinePadding() || c.groups() != ref.groups() || c.groupNormEps() != ref.groupNormEps()) {
            out.add("this student's temporal convolution differs from the reference's fixed kernels, strides and groups");
        }
        if (p.transformer().layerNormEps() != 1e-6) {
            out.add("this student's LayerNorm epsilon is " + p.transformer().layerNormEps() + "; the reference uses 1e-6");
        }
        return out;
    }

    private static TorchTensor tensor(Map<String, Parameter> ours, String name, long... shape) {
        Parameter p = ours.get(name);
        if (p == null) {
            throw new IllegalStateException("the student has no parameter " + name);
        }
        float[] v = p.getArray().toFloatArray();
        long[] s = shape.length == 0 ? p.getArray().getShape().getShape() : shape;
        return TorchTensor.ofFloats(s, v);
    }

    private static String shape(TorchTensor t) {
        return Arrays.toString(t.shape());
    }
}
