import { StateStore } from '../../src/store/StateStore';
import { createEngineDatabase, type EngineDatabase } from './testDatabases';

describe('the turn lock across instances (PostgreSQL)', () => {
  let folder: EngineDatabase;
  beforeEach(async () => {
    folder = await createEngineDatabase('postgres');
  });
  afterEach(() => folder.cleanup());

  /** A turn as botbuilder runs it: read the state, work a little, write it back with eTag '*'. */
  async function turn(store: StateStore, key: string): Promise<void> {
    const items = await store.read([key]);
    const count = typeof items[key]?.count === 'number' ? items[key].count : 0;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await store.write({ [key]: { eTag: '*', count: count + 1 } });
  }

  it('loses no update when two instances run turns of one conversation at the same moment', async () => {
    const instances = [await folder.open(), await folder.open()];
    const stores = instances.map((database) => new StateStore(database));
    const runs = Array.from({ length: 16 }, (_, i) => {
      const database = instances[i % 2];
      return database.withLock('camino:turn:webchat/c1', () => turn(stores[i % 2], 'webchat/conversations/c1'));
    });
    await Promise.all(runs);
    expect((await stores[0].read(['webchat/conversations/c1']))['webchat/conversations/c1']).toMatchObject({ count: 16 });
  });

  it('without the lock the same turns do lose updates (what the lock is for)', async () => {
    const stores = [new StateStore(await folder.open()), new StateStore(await folder.open())];
    await Promise.all(Array.from({ length: 16 }, (_, i) => turn(stores[i % 2], 'webchat/conversations/c2')));
    const count = (await stores[0].read(['webchat/conversations/c2']))['webchat/conversations/c2']?.count;
    expect(count).toBeLessThan(16);
  });

  it('lets turns of different conversations run side by side', async () => {
    const [one, two] = [await folder.open(), await folder.open()];
    let inside = 0;
    let most = 0;
    const hold = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inside -= 1;
    };
    await Promise.all([one.withLock('camino:turn:webchat/a', hold), two.withLock('camino:turn:webchat/b', hold)]);
    expect(most).toBe(2);
  });
});
