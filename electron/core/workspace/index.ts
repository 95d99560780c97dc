export { Workspace, DEFAULT_WINDOW_SIZE } from './workspace';
export type { WindowHost, WorkspaceOptions, RestoreItem, DisplayMove } from './workspace';
export { registerWorkspaceMethods } from './methods';
export {
  placeWindow,
  placeAfterDisplayChange,
  titleBarReachable,
  fitInside,
  TITLE_BAR_HEIGHT,
  MIN_GRAB_WIDTH,
} from './placement';
export type { Placement, PlacementAdjustment, SavedPlacement, LiveWindowGeometry, WindowMove } from './placement';
export { LinkHub } from './link-hub';
export { LayoutLibrary, LAYOUT_ROW_PREFIX, POINTER_ROW, ASIDE_ROW_PREFIX } from './layout-library';
export { topicFilter } from './push-filter';
export { layoutMenu, copyName } from './layout-menu';
export type { LayoutMenuEntry } from './layout-menu';
export { decideWindowHealth, windowDescription, healthPanelName } from './window-health';
export type {
  GoneReason,
  WindowHealthEvent,
  WindowHealthAction,
  WindowHealthDecision,
  HealthWindow,
  HealthContext,
} from './window-health';
