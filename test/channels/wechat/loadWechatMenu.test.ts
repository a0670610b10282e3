import path from 'node:path';
import { loadWechatMenu } from '../../../src/channels/wechat/loadWechatMenu';
import { ROOT } from '../../helpers/testRuntime';

describe('dialogs/wechat.yaml', () => {
  const file = path.join(ROOT, 'dialogs', 'wechat.yaml');
  const ids = ['mexico', 'pathways', 'changes', 'help', 'contact', 'language'];

  it('maps a button key to every item of the main menu', () => {
    expect([...loadWechatMenu(file, ids).values()].sort()).toEqual([...ids].sort());
  });

  it('refuses a key that points at no menu item', () => {
    expect(() => loadWechatMenu(file, ['mexico'])).toThrow(/unknown main-menu items/);
  });
});
