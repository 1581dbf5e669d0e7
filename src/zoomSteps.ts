// The zoom levels of a desktop browser and the step between them, for both sides: the extension's
// Zoom In/Out commands and the window's own keys (Ctrl+= / Ctrl+-) move through the same list.
// Free of the vscode module.

/** From Limits.minZoom to Limits.maxZoom. */
export const ZOOM_LEVELS = [0.25, 0.33, 0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5];

/** The next level up or down from `current` (which may lie between levels). */
export function nextZoom(current: number, direction: 1 | -1): number {
  const epsilon = 0.001;
  if (direction > 0) return ZOOM_LEVELS.find((z) => z > current + epsilon) ?? ZOOM_LEVELS[ZOOM_LEVELS.length - 1];
  return [...ZOOM_LEVELS].reverse().find((z) => z < current - epsilon) ?? ZOOM_LEVELS[0];
}
