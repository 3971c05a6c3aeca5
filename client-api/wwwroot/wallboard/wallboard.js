// The supervisor wallboard: a supervisor's WebSocket session (routing.v1, client-api/REALTIME.md "Supervisor") for
// everything live (queues, operators, conversations, alerts, monitoring), and REST for what is not pushed: who the
// key is (GET me), the departments' names, the waiting dialogs and held ones at start, the statistics charts and the
// staffing what-if. The queues' figures (SLA today, answered, abandoned, the last 15 minutes) are the `live` frames. It holds no secret but the key the person gave, kept in this tab.

import { api, workspacePath } from '/shared/api.js';
import { RealtimeSession } from '/shared/realtime.js';
import { demoWorkspace, forgetCredentials, readCredentials, rememberCredentials } from '/shared/credentials.js';
import { showConnection } from '/shared/connection-badge.js';
import { describeError, timeSpanSeconds } from '/shared/format.js';
import { QueueBoard, DEFAULT_TARGET_SECONDS } from './queues.js';
import { OperatorTable } from './operators.js';
import { AlertList } from './alerts.js';
import { ConversationDetail, ConversationList } from './conversations.js';
import { StatsCharts } from './charts.js';

const $ = (id) => document.getElementById(id);

const signIn = $('sign-in');
const board = $('board');

init();

function init() {
  const demo = demoWorkspace();
  if (demo?.supervisorKey) {
    $('sign-in-demo').hidden = false;
    $('sign-in-demo').addEventListener('click', () => open({ workspace: demo.workspace, credential: demo.supervisorKey }));
  }
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    open({ workspace: $('sign-in-workspace').value.trim(), credential: $('sign-in-credential').value.trim() });
  });
  const credentials = readCredentials('wallboard');
  if (credentials) open(credentials);
  else showSignIn();
}

function showSignIn(error = '') {
  signIn.hidden = false;
  board.hidden = true;
  $('sign-in-error').textContent = error;
  $('sign-in-workspace').focus();
}

/** Checks the key (GET me: a supervisor or admin key of this workspace), then starts the board. */
async function open({ workspace, credential }) {
  $('sign-in-error').textContent = '';
  let me;
  try {
    me = await api(workspacePath(workspace, '/me'), { credential });
  } catch (error) {
    forgetCredentials('wallboard');
    return showSignIn(`The key was refused: ${describeError(error)}`);
  }
  if (me.scope !== 'supervisor' && me.scope !== 'admin') {
    forgetCredentials('wallboard');
    return showSignIn(`This is a ${me.scope} credential; the wallboard needs a supervisor or admin key.`);
  }
  rememberCredentials('wallboard', { workspace, credential });
  signIn.hidden = true;
  board.hidden = false;
  start(workspace, credential, me.scope);
}

function start(workspace, credential, scope) {
  $('workspace-label').textContent = `${workspace} · ${scope} key`;
  const notice = $('notice');
  const departments = new Map(); // id -> {name, targetSeconds}
  const queues = new QueueBoard($('queues'), departments);
  const detailRef = {};
  const operators = new OperatorTable({
    table: $('operator-table'),
    summary: $('operator-summary'),
    filter: $('operator-filter'),
    onSelect: (operatorId) => detailRef.detail?.chooseOperator(operatorId),
  });
  const list = new ConversationList({
    table: $('conversation-table'),
    filter: $('conversation-filter'),
    note: $('conversation-note'),
    onSelect: (id) => detail.select(id),
  });
  const detail = new ConversationDetail({
    ui: {
      empty: $('detail-empty'), body: $('detail-body'), title: $('detail-title'), facts: $('detail-facts'),
      status: $('detail-status'), error: $('detail-error'),
      assignForm: $('assign-form'), assignOperator: $('assign-operator'), assignForce: $('assign-force'), assignNote: $('assign-note'),
      transferForm: $('transfer-form'), transferTarget: $('transfer-target'), transferNote: $('transfer-note'),
      monitor: $('monitor'), join: $('join'), unfollow: $('unfollow'), close: $('close-conversation'),
      monitorPanel: $('monitor-panel'), monitorTitle: $('monitor-title'), messages: $('messages'), typing: $('typing'),
      sendForm: $('send-form'), sendText: $('send-text'), send: $('send'),
    },
    list,
    operators,
    departments: () => queues.departmentIds(),
    fetchConversation: async (id) => (await api(workspacePath(workspace, `/conversations/${encodeURIComponent(id)}`), { credential })).conversation,
  });
  detailRef.detail = detail;
  const alerts = new AlertList({
    list: $('alerts'), empty: $('alerts-empty'), count: $('alert-count'), clear: $('alerts-clear'),
    onConversation: (id) => detail.select(id),
  });
  const charts = new StatsCharts({
    ui: {
      refresh: $('stats-refresh'), updated: $('stats-updated'), error: $('stats-error'), totals: $('stats-totals'),
      staffingNote: $('staffing-note'),
      charts: Object.fromEntries(['arrivals', 'waits', 'week', 'staffing'].map((name) => {
        const figure = $(`chart-${name}`);
        return [name, { figure, plot: figure.querySelector('.plot'), table: figure.querySelector('.chart-table') }];
      })),
    },
    workspace,
    credential,
    context: () => ({ departmentIds: queues.departmentIds() }), // the staffing gap's departments, known to any supervisor
  });

  // Department names and first-response targets (GET departments: supervisor or admin key).
  const loadDepartments = async () => {
    try {
      const list = await api(workspacePath(workspace, '/departments'), { credential });
      for (const { departmentId, config } of list) departments.set(departmentId, { name: config.name, targetSeconds: timeSpanSeconds(config.firstResponseTarget) });
      notice.textContent = '';
    } catch (error) {
      notice.textContent = `The departments could not be read (${describeError(error)}); default thresholds apply.`;
    }
    queues.refreshAll();
  };
  loadDepartments();

  const session = new RealtimeSession({ workspace, role: 'supervisor', credential });
  detail.session = session;
  const badge = $('connection');
  badge.hidden = false;
  showConnection(session, badge);

  // A fresh session (first connection, or a resume that failed): its snapshot frames replace what the board holds.
  session.on('snapshot', () => {
    list.clear();
    detail.refollow();
    subscribeLive();
  });
  session.on('live', (data) => showLive(data));
  session.on('queues', (data) => {
    queues.replace(data);
    seedWaiting(data);
  });
  session.on('operators', (data) => {
    operators.replace(data);
    seedHeld(data);
  });
  session.on('queue-changed', (data) => queues.update(data));
  session.on('operator-changed', (data) => operators.change(data));
  session.on('conversation-changed', (data) => {
    list.change(data);
    detail.changed(data);
    charts.nudge();
  });
  session.on('alert', (data) => {
    alerts.add(data);
    if (data.kind === 'late' && data.operatorId) operators.late(data.operatorId);
  });
  session.on('message', (data) => detail.message(data));
  session.on('typing', (data) => detail.typing(data));
  session.on('workspace-changed', async (data) => {
    if (data.kind === 'time-zone-set') return subscribeLive(); // today's day may have changed
    if (data.kind !== 'department-configured') return;
    await loadDepartments();
    try {
      queues.replace(await session.command('queues')); // a new department has a queue now
    } catch (error) {
      notice.textContent = `Queues could not be read again: ${describeError(error)}`;
    }
  });
  session.on('command-error', (frame) => (notice.textContent = `The engine refused a frame: ${frame.code}: ${frame.detail ?? ''}`));
  session.on('ended', ({ code }) => {
    charts.stop();
    notice.textContent = code === 4001
      ? 'Another tab took over this wallboard session. Reload to watch here again.'
      : 'The key no longer holds (revoked or the workspace changed). Sign in again.';
    if (code === 4003) {
      forgetCredentials('wallboard');
      showSignIn(notice.textContent);
    }
  });

  /** Asks for the live statistics (a fresh session has no subscription); the reply is their snapshot. */
  async function subscribeLive() {
    try {
      showLive(await session.command('live'));
    } catch (error) {
      notice.textContent = `The live statistics could not be followed: ${describeError(error)}`;
    }
  }

  /** The workspace's figures of today, in its time zone, above the queues; each department's on its card. */
  function showLive(frame) {
    queues.setLive(frame);
    charts.setToday(frame); // the charts' today and this week are the workspace's
    const today = frame.workspace.today;
    $('live-totals').textContent = `Today (${frame.day}, ${frame.timeZoneId}): ${today.arrivals} arrived, ${today.answered} answered, `
      + `${today.abandoned} abandoned, SLA ${today.slaShare == null ? '–' : `${Math.round(today.slaShare * 100)} %`}`;
    $('live-totals').dataset.answered = String(today.answered);
    $('live-totals').dataset.abandoned = String(today.abandoned);
  }

  /** The queues' waiting dialogs (REST, a page of up to 500 per department): the WebSocket pushes changes only. */
  async function seedWaiting(queueList) {
    for (const queue of queueList.filter((q) => q.depth > 0)) {
      try {
        const page = await api(workspacePath(workspace, `/queues/${encodeURIComponent(queue.departmentId)}?limit=500`), { credential });
        for (const waiting of page.waiting) {
          list.seed({ conversationId: waiting.conversationId, status: 'queued', departmentId: queue.departmentId, operatorId: null,
            since: Date.parse(waiting.waitingSince), sinceKnown: true });
        }
      } catch (error) {
        notice.textContent = `The waiting dialogs of ${queue.departmentId} could not be read: ${describeError(error)}`;
      }
    }
  }

  /** The operators' held dialogs; their department and exact status are read for the first 200, four at a time. */
  async function seedHeld(states) {
    const held = [];
    for (const state of states) {
      for (const conversationId of state.conversations ?? []) {
        list.seed({ conversationId, status: 'assigned', departmentId: '', operatorId: state.operatorId, since: Date.now(), sinceKnown: false, seeded: true });
        held.push(conversationId);
      }
    }
    const queue = held.slice(0, 200);
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        try {
          list.enrich((await api(workspacePath(workspace, `/conversations/${encodeURIComponent(id)}`), { credential })).conversation);
        } catch {
          // it may have closed meanwhile; the list shows what the frames say
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  $('sign-out').hidden = false;
  $('sign-out').addEventListener('click', () => {
    session.close();
    charts.stop();
    forgetCredentials('wallboard');
    location.reload();
  });

  charts.start();
}

