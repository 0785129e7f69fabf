// Teller's demo web client: sign in as a demo customer, then talk (or type) to the agent over the
// app WebSocket protocol (docs/protocol.md). Plain ES modules, no build step.

import { Connection } from './connection.js';
import { STRINGS, t } from './i18n.js';
import { CAPTURE_RATE_HZ, Microphone } from './microphone.js';
import { AgentAudioPlayer } from './player.js';
import { assertPasskey, createPasskey, webAuthnAvailable } from './webauthn.js';

/** Agent speech is asked for at 16 kHz: the synthesizers' native rate, so nothing is resampled. */
const OUTPUT_RATE_HZ = 16000;
/** A press held longer than this is hold-to-talk; shorter is a tap. */
const HOLD_MS = 350;
/** Tap-to-talk stops listening after this even if no end of turn was heard. */
const MAX_LISTEN_MS = 15_000;

const $ = (id) => document.getElementById(id);

const el = {
  signIn: $('sign-in'),
  signInStatus: $('sign-in-status'),
  conversation: $('conversation'),
  customer: $('customer'),
  log: $('log'),
  partial: $('partial'),
  confirm: $('confirm'),
  confirmText: $('confirm-text'),
  confirmYes: $('confirm-yes'),
  confirmNo: $('confirm-no'),
  status: $('status'),
  talk: $('talk'),
  talkLabel: $('talk-label'),
  typed: $('typed'),
  typedInput: $('typed-input'),
  langEn: $('lang-en'),
  langZh: $('lang-zh'),
  elderly: $('elderly'),
  signOut: $('sign-out'),
};

const state = {
  /** @type {'en' | 'zh'} */
  lang: 'en',
  elderly: false,
  /** @type {string | undefined} the demo session token */
  token: undefined,
  /** @type {Connection | undefined} */
  connection: undefined,
  /** Resolves when the current connection's session has started. */
  ready: Promise.resolve(false),
  started: false,
  /** Languages the server cannot recognize speech in (it refused an audio session.start): typed only. */
  noVoice: new Set(),
  /** Error messages already shown in this session: a failing engine reports on every turn. */
  errorsShown: new Set(),
  awaits: 'nothing',
  /** @type {false | 'tap' | 'hold'} */
  listening: false,
  /** Bumped on every start/stop, so a slow microphone start can tell it was overtaken. */
  listenGeneration: 0,
  pressedAtMs: 0,
  /** The talk button is held down: the end of a turn does not stop listening until it is released. */
  pressing: false,
  stopOnRelease: false,
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  listenTimer: undefined,
  /** @type {AbortController | undefined} a biometric prompt in progress */
  stepUp: undefined,
};

/** @type {AudioContext | undefined} */
let audioContext;
/** One context for capture and playback, made on the first user gesture (autoplay policy). */
function audio() {
  audioContext ??= new AudioContext({ latencyHint: 'interactive' });
  if (audioContext.state === 'suspended') void audioContext.resume();
  return audioContext;
}

let microphone;
const player = new AgentAudioPlayer(audio, {
  onState(id, playback) {
    const line = el.log.querySelector(`[data-say-id="${CSS.escape(id)}"]`);
    if (line) line.dataset.audio = playback;
    if (playback !== 'playing') state.connection?.send({ type: 'playback.done', id });
  },
});

// ---- words on the page ----

function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]'))
    node.textContent = t(state.lang, node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-placeholder]'))
    node.placeholder = t(state.lang, node.dataset.i18nPlaceholder);
  el.langEn.setAttribute('aria-pressed', String(state.lang === 'en'));
  el.langZh.setAttribute('aria-pressed', String(state.lang === 'zh'));
  document.title = `Teller — ${STRINGS[state.lang].tagline}`;
  renderTalk();
}

function setStatus(key, values) {
  el.status.textContent = key ? t(state.lang, key, values) : '';
}

/**
 * Adds a line to the conversation log.
 * @param {'agent' | 'customer' | 'system'} who
 * @param {string} text
 * @param {{ lang?: string, sayId?: string, tone?: 'ok' | 'error' }} [options]
 */
function addLine(who, text, options = {}) {
  const li = document.createElement('li');
  li.className = who === 'customer' ? 'customer-line' : who;
  if (options.tone) li.classList.add(options.tone);
  if (options.lang) li.lang = options.lang === 'zh' ? 'zh-CN' : 'en';
  if (options.sayId) {
    li.dataset.sayId = options.sayId;
    li.dataset.audio = 'none';
  }
  if (who !== 'system') {
    const label = document.createElement('span');
    label.className = 'who';
    label.textContent = t(state.lang, who === 'agent' ? 'agent' : 'you');
    li.append(label);
  }
  const body = document.createElement('span');
  body.className = 'text';
  body.textContent = text;
  li.append(body);
  el.log.append(li);
  li.scrollIntoView({ block: 'nearest' });
  return li;
}

function showConfirm(text) {
  el.confirmText.textContent = text;
  el.confirm.hidden = false;
}

function hideConfirm() {
  el.confirm.hidden = true;
}

/** Whether the talk button works in the current language. */
function voiceOn() {
  return !state.noVoice.has(state.lang);
}

function renderTalk() {
  const on = state.listening !== false;
  el.talk.setAttribute('aria-pressed', String(on));
  el.talkLabel.textContent = t(state.lang, on ? 'talkListening' : 'talkIdle');
  el.talk.disabled = !voiceOn();
}

// ---- the conversation ----

function startSession() {
  void stopListening(false);
  cancelStepUp();
  state.connection?.close();
  player.stopAll();
  hideConfirm();
  state.started = false;
  state.awaits = 'nothing';
  document.body.dataset.session = 'connecting';
  setStatus('connecting');
  state.errorsShown = new Set();
  let resolveReady;
  state.ready = new Promise((resolve) => (resolveReady = resolve));
  const lang = state.lang;
  const voice = voiceOn();
  const start = {
    type: 'session.start',
    lang,
    style: state.elderly ? 'elderly' : 'standard',
    output: { encoding: 'pcm_s16le', sampleRateHz: OUTPUT_RATE_HZ },
    ...(voice ? { audio: { encoding: 'pcm_s16le', sampleRateHz: CAPTURE_RATE_HZ } } : {}),
  };
  const connection = new Connection(state.token, start, {
    onMessage: (message) => {
      if (state.connection !== connection) return;
      if (message.type === 'session.started') {
        state.started = true;
        document.body.dataset.session = 'started';
        el.customer.textContent = message.customer.name;
        resolveReady(true);
      } else if (message.type === 'error' && !state.started && voice) {
        // The server cannot take speech in this language (no recognizer for it): start again as a
        // typed-text session, which every server supports.
        state.noVoice.add(lang);
        renderTalk();
        addLine('system', t(state.lang, 'noVoice'));
        resolveReady(startSession());
        return;
      }
      onMessage(message);
    },
    onAudio: (data) => {
      if (state.connection === connection) player.push(data);
    },
    onClose: () => {
      if (state.connection !== connection) return;
      const wasStarted = state.started;
      state.started = false;
      resolveReady(false);
      void stopListening(false);
      cancelStepUp();
      if (document.body.dataset.session !== 'ended') {
        document.body.dataset.session = 'closed';
        addLine('system', t(state.lang, wasStarted ? 'disconnected' : 'connectFailed'), { tone: 'error' });
      }
      state.connection = undefined;
    },
  });
  state.connection = connection;
  return state.ready;
}

/** The open session, reconnecting first when the last one ended. */
async function ensureSession() {
  if (state.connection && (state.started || (await state.ready))) return state.started;
  return startSession();
}

/** @param {Record<string, any>} m a server message */
function onMessage(m) {
  switch (m.type) {
    case 'session.started':
      setStatus(voiceOn() ? 'ready' : 'noVoice');
      return;
    case 'vad.speech_start':
      setStatus('listening');
      return;
    case 'vad.speech_end':
      if (state.listening === 'tap' && !state.pressing) void stopListening(false);
      setStatus('thinking');
      return;
    case 'asr.partial':
      el.partial.textContent = m.text;
      return;
    case 'asr.final':
      el.partial.textContent = '';
      addLine('customer', m.text).dataset.heard = 'voice';
      return;
    case 'nlu.result': {
      const lines = el.log.querySelectorAll('.customer-line');
      const last = lines[lines.length - 1];
      if (last) last.dataset.intent = m.intent;
      return;
    }
    case 'agent.say':
      addLine('agent', m.text, { lang: m.lang, sayId: m.id }).dataset.awaits = m.awaits;
      state.awaits = m.awaits;
      if (m.awaits === 'confirmation') showConfirm(m.text);
      else hideConfirm();
      return;
    case 'agent.audio.start':
      player.begin(m.id, m.sampleRateHz);
      return;
    case 'agent.audio.end':
      player.end(m.id);
      return;
    case 'agent.stop':
      player.stop(m.id);
      return;
    case 'stepup.challenge':
      hideConfirm();
      if (m.method === 'webauthn') void stepUp(m.options);
      else {
        state.awaits = 'stepup';
        setStatus('stepupPin');
        el.typedInput.placeholder = t(state.lang, 'pinPlaceholder');
        el.typedInput.focus();
      }
      return;
    case 'stepup.result':
      state.stepUp = undefined;
      if (m.ok) addLine('system', t(state.lang, 'stepupOk'), { tone: 'ok' });
      else addLine('system', t(state.lang, 'stepupFailed', { reason: m.reason ?? '' }), { tone: 'error' });
      return;
    case 'turn.done':
      state.awaits = m.awaits;
      if (m.awaits !== 'confirmation') hideConfirm();
      if (m.awaits !== 'stepup') el.typedInput.placeholder = t(state.lang, 'typedPlaceholder');
      if (!state.listening && m.awaits !== 'stepup') setStatus(voiceOn() ? 'ready' : 'noVoice');
      return;
    case 'handoff':
      addLine('system', t(state.lang, 'handoff'));
      return;
    case 'session.end':
      document.body.dataset.session = 'ended';
      hideConfirm();
      addLine('system', t(state.lang, 'ended'));
      setStatus('');
      return;
    case 'error':
      if (state.errorsShown.has(m.message)) return;
      state.errorsShown.add(m.message);
      addLine('system', t(state.lang, 'problem', { message: m.message }), { tone: 'error' });
      return;
    default:
      return;
  }
}

// ---- biometric step-up ----

/** Answers a `stepup.challenge` with the platform authenticator; a dismissed prompt cancels. */
async function stepUp(options) {
  cancelStepUp();
  const connection = state.connection;
  const abort = new AbortController();
  state.stepUp = abort;
  setStatus('stepupPrompt');
  try {
    const response = await assertPasskey(options, abort.signal);
    if (!abort.signal.aborted) connection?.send({ type: 'stepup.assertion', response });
  } catch {
    // NotAllowedError (dismissed or timed out), no credential, or no authenticator: the server
    // answers the cancel with stepup.result { ok: false, reason: "cancelled" }.
    if (!abort.signal.aborted) connection?.send({ type: 'stepup.cancel' });
  }
}

function cancelStepUp() {
  state.stepUp?.abort();
  state.stepUp = undefined;
}

// ---- the voice button ----

async function startListening(mode) {
  if (state.listening) return;
  const generation = ++state.listenGeneration;
  state.listening = mode;
  state.pressedAtMs = performance.now();
  renderTalk();
  audio();
  if (!(await ensureSession()) || !voiceOn()) {
    if (generation === state.listenGeneration) await stopListening(false);
    return;
  }
  const connection = state.connection;
  microphone ??= new Microphone(audio());
  try {
    await microphone.start((frame) => connection?.sendAudio(frame));
  } catch (error) {
    addLine('system', t(state.lang, 'micFailed', { reason: error?.name ?? String(error) }), {
      tone: 'error',
    });
    if (generation === state.listenGeneration) await stopListening(false);
    return;
  }
  if (generation !== state.listenGeneration) {
    // Released or stopped while the microphone was opening.
    await microphone.stop();
    return;
  }
  setStatus('listening');
  clearTimeout(state.listenTimer);
  if (mode === 'tap') state.listenTimer = setTimeout(() => void stopListening(true), MAX_LISTEN_MS);
}

/** Stops capturing; `endUtterance` sends `audio.end` (push-to-talk released) after the last frame. */
async function stopListening(endUtterance) {
  if (!state.listening) return;
  state.listenGeneration++;
  state.listening = false;
  clearTimeout(state.listenTimer);
  renderTalk();
  const connection = state.connection;
  if (microphone?.active) await microphone.stop();
  if (endUtterance) connection?.send({ type: 'audio.end' });
}

el.talk.addEventListener('pointerdown', (event) => {
  if (event.button !== 0 || el.talk.disabled) return;
  event.preventDefault();
  el.talk.setPointerCapture(event.pointerId);
  state.pressing = true;
  if (state.listening) {
    state.stopOnRelease = true;
    return;
  }
  void startListening('tap');
});

el.talk.addEventListener('pointerup', () => {
  state.pressing = false;
  if (state.stopOnRelease) {
    state.stopOnRelease = false;
    void stopListening(true);
    return;
  }
  if (state.listening && performance.now() - state.pressedAtMs > HOLD_MS) {
    // Held: push-to-talk, the release ends the utterance.
    state.listening = 'hold';
    void stopListening(true);
  }
});

el.talk.addEventListener('pointercancel', () => {
  state.pressing = false;
  state.stopOnRelease = false;
  if (state.listening && performance.now() - state.pressedAtMs > HOLD_MS) void stopListening(true);
});

// Keyboard (Enter / Space) activation arrives as a click without a pointer press: toggle.
el.talk.addEventListener('click', (event) => {
  if (event.detail !== 0) return;
  if (state.listening) void stopListening(true);
  else void startListening('tap');
});

// ---- typed input and the confirmation card ----

async function sendText(text) {
  const trimmed = text.trim();
  if (!trimmed) return;
  audio();
  if (!(await ensureSession())) return;
  if (state.awaits === 'stepup' && /^[0-9]{4,12}$/.test(trimmed)) {
    addLine('customer', '•'.repeat(trimmed.length));
    state.connection?.send({ type: 'dtmf', digits: trimmed });
    return;
  }
  addLine('customer', trimmed).dataset.heard = 'typed';
  state.connection?.send({ type: 'text', text: trimmed.slice(0, 500) });
}

el.typed.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = el.typedInput.value;
  el.typedInput.value = '';
  void sendText(text);
});

el.confirmYes.addEventListener('click', () => {
  hideConfirm();
  void sendText(t(state.lang, 'yesText'));
});

el.confirmNo.addEventListener('click', () => {
  hideConfirm();
  void sendText(t(state.lang, 'noText'));
});

// ---- settings ----

function setLang(lang) {
  if (state.lang === lang) return;
  state.lang = lang;
  applyLang();
  // The session's language is fixed at session.start: begin a new conversation in the new one.
  if (state.token && state.connection) void startSession();
}

el.langEn.addEventListener('click', () => setLang('en'));
el.langZh.addEventListener('click', () => setLang('zh'));

el.elderly.addEventListener('change', () => {
  state.elderly = el.elderly.checked;
  document.documentElement.classList.toggle('elderly', state.elderly);
  if (state.token && state.connection) void startSession();
});

// ---- demo sign-in ----

async function postJson(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${state.token}` },
    body: JSON.stringify(body ?? {}),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
  return json;
}

/** Registers this device's passkey for the demo customer, for biometric step-up later. */
async function registerPasskey() {
  const options = await postJson('/v1/demo/passkey/options');
  const response = await createPasskey(options);
  await postJson('/v1/demo/passkey/verify', { response });
}

async function signIn(customerId) {
  audio();
  for (const b of el.signIn.querySelectorAll('button')) b.disabled = true;
  const say = (key, values) => (el.signInStatus.textContent = t(state.lang, key, values));
  try {
    say('signingIn');
    const response = await fetch(`/v1/demo/token?customer=${encodeURIComponent(customerId)}`);
    const json = await response.json().catch(() => ({}));
    if (!response.ok || !json.token) throw new Error(json?.error?.message ?? `HTTP ${response.status}`);
    state.token = json.token;
    // Each demo customer's own language first; the switch changes it afterwards.
    state.lang = customerId === 'wei' ? 'zh' : 'en';
    applyLang();
    /** @type {[string, Record<string, string>?, ('ok' | 'error')?] | undefined} */
    let passkey;
    if (webAuthnAvailable()) {
      say('passkeySetup');
      try {
        await registerPasskey();
        passkey = ['passkeyReady', {}, 'ok'];
      } catch (error) {
        passkey =
          error instanceof DOMException && error.name === 'InvalidStateError'
            ? ['passkeyExists', {}, 'ok']
            : ['passkeyFailed', { reason: error?.message ?? String(error) }, 'error'];
      }
    }
    el.signInStatus.textContent = '';
    el.signIn.hidden = true;
    el.conversation.hidden = false;
    el.signOut.hidden = false;
    el.log.replaceChildren();
    if (passkey) {
      const [key, values, tone] = passkey;
      addLine('system', t(state.lang, key, values), tone ? { tone } : {}).dataset.passkey = key;
    }
    await startSession();
    el.talk.focus();
  } catch (error) {
    say('signInFailed', { reason: error?.message ?? String(error) });
  } finally {
    for (const b of el.signIn.querySelectorAll('button')) b.disabled = false;
  }
}

for (const button of el.signIn.querySelectorAll('[data-customer]'))
  button.addEventListener('click', () => void signIn(button.dataset.customer));

el.signOut.addEventListener('click', () => {
  void stopListening(false);
  cancelStepUp();
  const connection = state.connection;
  state.connection = undefined;
  connection?.close();
  player.stopAll();
  state.token = undefined;
  state.started = false;
  document.body.dataset.session = 'signed-out';
  el.conversation.hidden = true;
  el.signOut.hidden = true;
  el.signIn.hidden = false;
  el.signInStatus.textContent = '';
});

window.addEventListener('pagehide', () => state.connection?.close());

applyLang();
