import { FuseV1Options } from '@electron/fuses';

/** The bytes of a fuse wire (@electron/fuses' FuseState, which its index does not export). */
export const FuseState = { DISABLE: 0x30, ENABLE: 0x31, REMOVED: 0x72, INHERIT: 0x90 } as const;
export type FuseState = (typeof FuseState)[keyof typeof FuseState];

/** The fuse wire a release build must carry (electron-builder.config.cjs `electronFuses`). */
export const RELEASE_FUSES: Partial<Record<FuseV1Options, FuseState>> = {
  [FuseV1Options.RunAsNode]: FuseState.DISABLE,
  [FuseV1Options.EnableCookieEncryption]: FuseState.ENABLE,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: FuseState.DISABLE,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.DISABLE,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: FuseState.ENABLE,
  [FuseV1Options.OnlyLoadAppFromAsar]: FuseState.ENABLE,
};

/** The e2e flavour: the same, except the inspector flag Playwright's _electron attaches with. */
export const E2E_FUSES: Partial<Record<FuseV1Options, FuseState>> = {
  ...RELEASE_FUSES,
  [FuseV1Options.EnableNodeCliInspectArguments]: FuseState.ENABLE,
};

export const fuseName = (index: number): string => FuseV1Options[index] ?? `fuse ${index}`;
