/**
 * The custom functions' entry: binds each permanent id (=SALES.FUNNEL_WEIGHT...)
 * to its generated wrapper. Loaded by taskpane.html (the shared runtime) and
 * served as functions.js for the manifest's custom-functions Script.
 */
import { ASSOCIATIONS } from './functions.generated';

export function registerCustomFunctions(): void {
  for (const [id, fn] of ASSOCIATIONS) CustomFunctions.associate(id, fn);
}

if (typeof CustomFunctions !== 'undefined') registerCustomFunctions();
