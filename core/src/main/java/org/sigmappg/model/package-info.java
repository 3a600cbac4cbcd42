/**
 * The SIGMA-PPG model: DJL blocks, masking and loss primitives, checkpoints and training-loop pieces.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>A batch of windows is float32 [B, P, S] (S = 50 samples per patch, P up to {@code maxPatches}),
 *       min-max scaled to [0, 1]. The valid-patch counts are an int32 [B] array
 *       ({@link org.sigmappg.model.PaddingTools#counts}) on the SAME manager/device; padding patches sit
 *       at the end and never enter attention, losses or statistics. The per-patch prior is float32 [B, P].
 *   <li>Masks and validity are float32 [B, P] with 1 = masked / valid. Codes are int64 [B, P].
 *   <li>Every forward runs inside an {@code NDScope} (results of ops on parameters belong to the model's
 *       manager and would otherwise leak); read what you keep (floats, longs) before the scope ends.
 *   <li>Never pass a Java number to DJL arithmetic on an array that requires gradients
 *       ({@code loss.mul(0.5f)}): the scalar's memory can be freed before backward and the gradients
 *       silently become wrong. Use {@link org.sigmappg.model.AutogradTools#constant}.
 *   <li>Randomness that must be reproducible (augmentation, Gumbel noise, k-means, re-seeding) comes from
 *       a caller's {@link java.util.Random}; dropout, drop-path and initialisation use the engine's
 *       generator ({@code Engine.getInstance().setRandomSeed(seed)}).
 * </ul>
 *
 * <h2>Setup</h2>
 * <pre>{@code
 * DeviceChoice.configureThreads();                         // before anything touches DJL
 * Device device = DeviceChoice.parse("cpu").device();
 * NDManager manager = NDManager.newBaseManager(device);
 * String engine = DeviceChoice.describeEngine(device);     // status bar, run record
 * }</pre>
 *
 * <h2>Stage 1: one tokenizer step</h2>
 * <pre>{@code
 * TokenizerParams p = TokenizerParams.tiny();
 * TokenizerBlock tokenizer = new TokenizerBlock(p);
 * tokenizer.initialize(manager);
 * ParameterStore ps = new ParameterStore(manager, false);
 * BlockOptimiser optimiser = new BlockOptimiser(tokenizer, p.optimiser(), p.optimiser().totalSteps(windows));
 *
 * // Once, before the first step (skip when tokenizer.quantizer().isInitialised(), e.g. on resume):
 * // gather tokenizer.kmeansSamples(ps, patches, counts) over the first batches until p.kmeansSamples() rows,
 * tokenizer.quantizer().initialiseFromKMeans(NDArrays.concat(samples), p.kmeansIterations(), rng);
 * // then close the sample arrays.
 *
 * // Every step (step counts from 1):
 * TokenizerStep.Result r = TrainingTools.run(new TokenizerStep(tokenizer, ps, patches, counts, step, rng), optimiser);
 * usage.add(r.codes());                                    // CodebookUsage over the epoch
 * }</pre>
 * which is, spelled out:
 * <pre>{@code
 * try (NDScope scope = new NDScope()) {
 *     TokenizerOutput out;
 *     try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
 *         out = tokenizer.forwardWithLosses(ps, patches, counts, rng, true);
 *         c.backward(out.totalLoss());
 *     }
 *     tokenizer.quantizer().updateCodebook(out.z(), out.indices(), out.valid());           // EMA, in place
 *     if (p.deadCodeCheckInterval() > 0 && step % p.deadCodeCheckInterval() == 0) {
 *         tokenizer.quantizer().reseedDeadCodes(out.z(), out.valid(), rng);                // dead codes
 *     }
 *     // read out.totalLoss().getFloat(), IndexConsistencyRate.of(out.indices(), out.augmentedIndices(), out.valid())
 * }
 * optimiser.step();                                        // clip, AdamW, zero gradients: outside the scope
 * }</pre>
 *
 * <h2>Stage 2: one student + teacher step</h2>
 * <pre>{@code
 * StudentParams s = StudentParams.tiny().withCodebookSize(tokenizer.params().codebookSize());
 * tokenizer.freezeParameters(true);
 * StudentBlock student = new StudentBlock(s);   student.initialize(manager);
 * TeacherBlock teacher = new TeacherBlock(s);   teacher.initialize(manager);
 * TeacherPolicy policy = TeacherPolicy.of(s);
 * BlockOptimiser studentOpt = new BlockOptimiser(student, s.optimiser(), total);
 * BlockOptimiser teacherOpt = new BlockOptimiser(teacher, s.teacher().optimiser(), total);
 *
 * MaskedModellingStep.Result r = policy.usesTeacher()
 *         ? TrainingTools.run(new MaskedModellingStep(student, teacher, policy, tokenizer, ps, patches, counts,
 *                 prior, rng), studentOpt, teacherOpt)
 *         : TrainingTools.run(new MaskedModellingStep(student, null, policy, tokenizer, ps, patches, counts,
 *                 prior, rng), studentOpt);
 * }</pre>
 * Inside: target codes {@code tokenizer.encode(...)} before the collector; in ONE collector the teacher
 * logits, {@code policy.sample(...)}, {@code student.forward(..., sample.mask(), true)},
 * {@link org.sigmappg.model.MaskedCrossEntropy#mean} + {@code policy.teacherLoss(perWindow, sample)},
 * one backward; then both optimisers outside the scope.
 *
 * <h2>Checkpoints</h2>
 * <pre>{@code
 * ModelCheckpoint.save(path, student, Map.of("run", runId, "step", "1200"));  // with a CRC32C trailer
 * ModelCheckpoint.Verified v = ModelCheckpoint.verify(path, name, recorded); // reads it all: checksums, size
 * StudentBlock restored = new StudentBlock(StudentParams.fromJson(v.header().params()));
 * ModelCheckpoint.load(v, restored, manager);                          // refuses another architecture
 * ParameterStore fresh = new ParameterStore(manager, false);           // stores cache old arrays
 * }</pre>
 * A run's checkpoint is verified with {@code CheckpointTools.verify(workspace, runId, path)}, which supplies the
 * size and SHA-256 the run recorded for it.
 * Downstream: {@code student.pooled(ps, patches, counts, false)} [B, W] and
 * {@code student.features(...)} [B, P, W]. Parameter names for importing reference weights:
 * {@link org.sigmappg.model.ParameterNames}.
 */
package org.sigmappg.model;
