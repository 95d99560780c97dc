// Layering guard. tsconfig.shared.json and tsconfig.core.json map the module name `electron`
// here, so `import { app } from 'electron'` inside src/shared, electron/core, electron/stack or
// electron/web fails `npm run typecheck` with "has no exported member". The core is
// host-neutral: Electron glue belongs in electron/main and electron/preload only.
declare const ELECTRON_IS_FORBIDDEN_IN_THIS_LAYER: unique symbol;
export = ELECTRON_IS_FORBIDDEN_IN_THIS_LAYER;
