/**
 * The recipes of the run kinds, declared once: each kind's parameter record, defaults, options and descriptions, from
 * which the command line, the workbench's new-run sheets and the command that reproduces a stored run are made
 * ({@link org.sigmappg.recipe.RunKinds} lists the kinds).
 */
package org.sigmappg.recipe;
