// The Node ABI (NODE_MODULE_VERSION) a native addon was built for, read from the file itself:
// an addon built with NODE_MODULE exports `node_register_module_v<ABI>` (115 = Node 20,
// 150 = Electron 45; node_modules/electron/abi_version). N-API addons carry no such symbol.

/** @param {Buffer} bytes @returns {number[]} every ABI named in the file (normally one) */
export function addonAbis(bytes) {
  const text = bytes.toString('latin1');
  const found = new Set();
  for (const match of text.matchAll(/node_register_module_v(\d+)/g)) found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}
