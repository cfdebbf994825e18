import type { SeededWorkspace } from './seed.ts';

type Vars = Record<string, unknown>;

/** A 1×1 PNG: enough for uploadImage to get past its file checks to the account lookup. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/**
 * A valid call of each root field, in the calling workspace (one line per field). A field whose
 * arguments are alternatives gives one call per alternative, so each id inside them is reached.
 */
export const ARGUMENTS: Record<string, (s: SeededWorkspace) => Vars | Vars[]> = {
  accounts: () => ({}),
  campaigns: () => ({ search: 'campaign' }),
  cards: (s) => ({ accountId: s.ids.Account }),
  customerGroups: () => ({ search: 'group' }),
  customers: (s) => ({ accountId: s.ids.Account, groupId: s.ids.CustomerGroup }),
  wechatEvents: (s) => ({ accountId: s.ids.Account }),
  images: (s) => ({ accountId: s.ids.Account }),
  materials: (s) => ({ accountId: s.ids.Account, search: 'article' }),
  miniPrograms: () => ({}),
  node: (s) => ({ id: s.ids.Account }),
  nodes: (s) => ({ ids: [s.ids.Account, s.ids.Campaign] }),
  viewer: () => ({}),
  addCustomerGroupMembers: (s) => [
    { input: { groupId: s.ids.CustomerGroup, customerIds: [s.ids.Customer] } },
    { input: { groupId: s.ids.CustomerGroup, openids: { accountId: s.ids.Account, openids: ['o-1'] } } },
    { input: { groupId: s.ids.CustomerGroup, csv: new Blob(['openid\no-1\n'], { type: 'text/csv' }), csvAccountId: s.ids.Account } },
  ],
  bindAccount: () => ({ input: { appId: 'wxhostile', appSecret: 'secret', name: 'Hostile', type: 'SERVICE', timeZone: 'Asia/Shanghai' } }),
  bindMiniProgram: () => ({ input: { appId: 'wxhostilemp', name: 'Hostile' } }),
  createApiKey: () => ({ input: { name: 'hostile', scopes: ['read'] } }),
  createCampaign: () => ({ input: { name: 'Hostile', description: 'd' } }),
  createCustomerGroup: () => ({ input: { name: 'Hostile' } }),
  refreshMaterial: (s) => ({ id: s.ids.Material }),
  revokeApiKey: (s) => ({ id: s.ids.ApiKey }),
  schedulePing: () => ({ input: { message: 'hello' } }),
  splitCustomerGroup: (s) => ({ input: { groupId: s.ids.CustomerGroup, parts: 2, seed: 's', namePrefix: 'p' } }),
  syncCards: (s) => ({ accountId: s.ids.Account }),
  syncFollowers: (s) => ({ accountId: s.ids.Account }),
  syncMaterials: (s) => ({ accountId: s.ids.Account, count: 20 }),
  unbindAccount: (s) => ({ id: s.ids.Account }),
  updateAccount: (s) => ({ id: s.ids.Account, input: { name: 'Renamed', timeZone: 'Asia/Shanghai' } }),
  uploadImage: (s) => ({ accountId: s.ids.Account, file: new Blob([PNG], { type: 'image/png' }), purpose: 'MATERIAL' }),
  jobProgress: (s) => ({ jobId: s.ids.Job }),
  broadcasts: (s) => ({ accountId: s.ids.Account, filter: { search: 'broadcast', campaignId: s.ids.Campaign } }),
  quota: (s) => ({ accountId: s.ids.Account }),
  createBroadcast: (s) => taskAlternatives(s).map((task) => ({ input: { accountId: s.ids.Account, name: 'Hostile', campaignId: s.ids.Campaign, draft: true, firstTask: task } })),
  updateBroadcast: (s) => taskAlternatives(s).map((task) => ({
    input: { id: s.ids.Broadcast, version: s.broadcastVersion, name: 'Renamed', campaignId: s.ids.Campaign, draft: true, tasks: [{ taskId: s.ids.BroadcastTask, task }] },
  })),
  deleteBroadcast: (s) => ({ input: { id: s.ids.Broadcast, version: s.broadcastVersion } }),
  addComparisonGroup: (s) => taskAlternatives(s).map((task) => ({ input: { broadcastId: s.ids.Broadcast, version: s.broadcastVersion, task } })),
  removeBroadcastTask: (s) => ({ input: { taskId: s.ids.BroadcastTask, version: s.broadcastVersion } }),
  scheduleBroadcast: (s) => ({
    input: { broadcastId: s.ids.Broadcast, version: s.broadcastVersion, sendAt: IN_A_DAY, taskTimes: [{ taskId: s.ids.BroadcastTask, sendAt: IN_A_DAY }] },
  }),
  sendBroadcastNow: (s) => ({ input: { broadcastId: s.ids.Broadcast, version: s.broadcastVersion } }),
  cancelBroadcastSchedule: (s) => ({ input: { broadcastId: s.ids.Broadcast, version: s.broadcastVersion } }),
  testSendBroadcast: (s) => [
    { input: { broadcastId: s.ids.Broadcast, taskId: s.ids.BroadcastTask, wechatIds: ['hostile-wechat-id'] } },
    { input: { broadcastId: s.ids.Broadcast, groupId: s.ids.CustomerGroup } },
  ],
  broadcastStatusChanged: (s) => ({ accountId: s.ids.Account }),
  sendRecords: (s) => [{ accountId: s.ids.Account }, { broadcastId: s.ids.Broadcast }],
  batchResult: (s) => ({ broadcastId: s.ids.Broadcast }),
};

const IN_A_DAY = new Date(Date.now() + 24 * 3_600_000).toISOString();

/** A broadcast task of each content kind, and one with an A/B test, so every id inside one is reached. */
const taskAlternatives = (s: SeededWorkspace) => {
  const news = { materialId: s.ids.Material, articles: [{ materialId: s.ids.Material, index: 0, coverImageId: s.ids.Image }] };
  const task = { name: 'Hostile task', campaignId: s.ids.Campaign, audience: 'GROUPS', groupIds: [s.ids.CustomerGroup] };
  return [
    { ...task, content: { kind: 'NEWS', news } },
    { ...task, content: { kind: 'TEXT', text: 'Hello' } },
    { ...task, content: { kind: 'IMAGE', imageId: s.ids.Image } },
    { ...task, content: { kind: 'CARD', cardId: s.ids.Card } },
    { ...task, content: { kind: 'NEWS', news }, abTest: { groups: [{ percentage: 10, news, sendAt: IN_A_DAY }, { percentage: 10, news }], remainderSendAt: IN_A_DAY } },
  ];
};
