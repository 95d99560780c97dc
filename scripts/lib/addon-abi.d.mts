/** Every Node ABI (NODE_MODULE_VERSION) a native addon's file names in `node_register_module_v<ABI>`. */
export function addonAbis(bytes: Buffer): number[];
