// Creates a demo workspace through the public API only, exactly as an admin tool would (README, "Use the API").

import { api, workspacePath } from '/shared/api.js';
import { randomId } from '/shared/format.js';

const OPERATORS = [
  { operatorId: 'ann', name: 'Ann' },
  { operatorId: 'bob', name: 'Bob' },
];

/**
 * Runs every step with the bootstrap key; `report(text)` is called before each one. Returns what the pages need:
 * {workspace, adminKey, channelKey, supervisorKey, departmentId, operators: [{operatorId, name, token}]}.
 */
export async function createDemoWorkspace(bootstrapKey, report = () => {}) {
  const workspace = `demo-${randomId(8)}`;
  const path = (rest) => workspacePath(workspace, rest);

  report(`Workspace ${workspace} and its first admin key`);
  const { apiKey: adminKey } = await api('/v1/workspaces', { method: 'POST', credential: bootstrapKey, body: { workspaceId: workspace, keyName: 'demo admin' } });
  const as = (method, rest, body) => api(path(rest), { method, credential: adminKey, body });

  report('A channel key (the site widget\'s backend) and a supervisor key (the wallboard)');
  const { apiKey: channelKey } = await as('POST', '/api-keys', { scope: 'channel', name: 'demo site' });
  const { apiKey: supervisorKey } = await as('POST', '/api-keys', { scope: 'supervisor', name: 'demo wallboard' });

  report('Departments Support (offers, SLA, rating; where new dialogs go) and Sales');
  const timeZoneId = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  await as('PUT', '/departments/support', {
    name: 'Support', timeZoneId, offerMode: true, acceptTimeout: '00:00:30', firstResponseTarget: '00:01:00',
    averageHandleTime: '00:05:00', ratingScale: 5, offlineRequestsWhenNobodyOnline: true,
    rescue: { after: '00:03:00', warningLead: '00:00:45', retryLimit: 3 },
  });
  await as('PUT', '/departments/sales', { name: 'Sales', timeZoneId, firstResponseTarget: '00:02:00', averageHandleTime: '00:08:00', ratingScale: 5 });
  await as('PUT', '/entry-routing', { defaultDepartmentId: 'support' }); // new dialogs start in Support

  report('Operators ann (Support, Sales) and bob (Support), two dialogs each');
  for (const { operatorId } of OPERATORS) {
    const departments = operatorId === 'ann' ? [{ departmentId: 'support' }, { departmentId: 'sales' }] : [{ departmentId: 'support' }];
    await as('PUT', `/operators/${operatorId}`, { capacity: 2, departments });
  }

  report('Reply templates');
  await as('PUT', '/templates/greeting', { title: 'Greeting', text: 'Hello! Thanks for writing to us. How can I help?' });
  await as('PUT', '/templates/follow-up', { title: 'Anything else?', text: 'Is there anything else I can help you with?', departmentId: 'support' });

  report('Console tokens for ann and bob (12 hours)');
  const operators = [];
  for (const operator of OPERATORS) {
    const { token } = await as('POST', `/operators/${operator.operatorId}/tokens`, {});
    operators.push({ ...operator, token });
  }
  return { workspace, adminKey, channelKey, supervisorKey, departmentId: 'support', operators };
}
