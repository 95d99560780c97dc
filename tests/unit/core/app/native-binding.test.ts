import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronSqliteBinding } from '../../../../electron/core/app/native-binding';

describe('electronSqliteBinding', () => {
  it('packaged: the addon shipped beside app.asar in resources/native, never inside the archive', () => {
    const path = electronSqliteBinding({
      isPackaged: true,
      resourcesPath: '/opt/Tradedesk/resources',
      appPath: '/opt/Tradedesk/resources/app.asar',
    });
    expect(path).toBe(join('/opt/Tradedesk/resources', 'native', 'better_sqlite3.node'));
    expect(path).not.toContain('app.asar');
  });

  it('from a checkout: the Electron build in native/electron, not the Node build in node_modules', () => {
    const path = electronSqliteBinding({
      isPackaged: false,
      resourcesPath: '/x/electron/dist/resources',
      appPath: '/src/td',
    });
    expect(path).toBe(join('/src/td', 'native', 'electron', 'better_sqlite3.node'));
    expect(path).not.toContain('node_modules');
  });
});
