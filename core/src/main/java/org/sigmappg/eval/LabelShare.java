package org.sigmappg.eval;

import java.util.List;

/** One draw of labelled subjects at one fraction below 1: every outer fold with its training subjects cut to the draw. */
record LabelShare(double fraction, int draw, List<SubjectFolds.Fold> folds) {
}
