import { z } from 'zod';
import { loadYamlFile } from '../../util/parseWithSchema';

const menuSchema = z.object({
  menuKeys: z.record(z.string().regex(/^[A-Za-z0-9_]{1,128}$/, 'WeChat menu keys are letters, digits and _'), z.string().min(1)),
});

/** Button key -> main-menu item id; refuses a key that points at no item of the main menu. */
export function loadWechatMenu(file: string, menuItemIds: readonly string[]): Map<string, string> {
  const { menuKeys } = loadYamlFile(file, menuSchema);
  const unknown = Object.entries(menuKeys).filter(([, id]) => !menuItemIds.includes(id));
  if (unknown.length > 0) throw new Error(`${file}: unknown main-menu items ${unknown.map(([k, id]) => `${k} -> ${id}`).join(', ')}`);
  return new Map(Object.entries(menuKeys));
}
