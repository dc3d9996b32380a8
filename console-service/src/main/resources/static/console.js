// The fleet console: streams from /api/streams, stations from /api/stations (their announcements), controls posted
// to /api/stations/{name}/controls (the console puts them on playback.controls), the session's waveform (.dat) and
// spectrogram (PNG) straight from the waveform service, redrawn as blocks arrive.
'use strict';

const consoleState = {
  waveformUrl: null, streams: [], stream: null, station: null, session: null, window: null,
  peaks: null, complete: false, status: null, lastControl: null, announcement: null,
};
window.audifleetConsole = consoleState;

const $ = (id) => document.getElementById(id);

function say(text) {
  $('message').textContent = text;
}

async function json(url, options) {
  const r = await fetch(url, options);
  const body = await r.text();
  if (!r.ok) {
    let why = body;
    try { why = JSON.parse(body).message || body; } catch (e) { /* plain text */ }
    throw new Error(`${r.status}: ${why}`);
  }
  return body ? JSON.parse(body) : null;
}

function post(url, body) {
  return json(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function seconds(s) {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, sec = t % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

async function loadStreams() {
  consoleState.streams = await json('/api/streams');
  const body = $('streams').tBodies[0];
  body.replaceChildren();
  consoleState.streams.forEach((d, i) => {
    const row = body.insertRow();
    row.dataset.stream = d.stream;
    cell(row, d.origin); cell(row, d.stream); cell(row, d.date);
    if (d.problem) {
      cell(row, '—'); cell(row, `unreadable: ${d.problem}`); cell(row, ''); cell(row, '');
      return;
    }
    cell(row, `${d.sampleRate} Hz`);
    cell(row, d.dataFrom ? `${d.dataFrom} – ${d.dataTo}` : 'no data');
    cell(row, `${d.gapSeconds} s`);
    const pick = document.createElement('button');
    pick.textContent = 'Choose';
    pick.className = 'pick';
    pick.disabled = !d.dataFrom;
    pick.onclick = () => chooseStream(i);
    row.insertCell().append(pick);
  });
}

function chooseStream(i) {
  const d = consoleState.streams[i];
  consoleState.stream = d;
  [...$('streams').tBodies[0].rows].forEach((r, j) => r.classList.toggle('chosen', j === i));
  const from = new Date(d.dataFrom);
  const to = new Date(Math.min(new Date(d.dataTo).getTime(), from.getTime() + 3600e3));
  $('start').value = from.toISOString().replace('.000Z', 'Z');
  $('end').value = to.toISOString().replace('.000Z', 'Z');
  enablePlay();
}

function enablePlay() {
  $('play').disabled = !(consoleState.stream && consoleState.station);
}

async function pollStations() {
  try {
    const stations = await json('/api/stations');
    const body = $('stations').tBodies[0];
    body.replaceChildren();
    for (const s of stations) {
      const row = body.insertRow();
      row.dataset.station = s.name;
      row.classList.toggle('silent', s.silent);
      const radio = document.createElement('input');
      radio.type = 'radio'; radio.name = 'station'; radio.value = s.name;
      radio.checked = s.name === consoleState.station;
      radio.onchange = () => { consoleState.station = s.name; enablePlay(); };
      row.insertCell().append(radio);
      cell(row, s.name + (s.silent ? ' (silent)' : ''));
      cell(row, s.group || '—');
      const p = s.playing;
      cell(row, p ? `${p.stream} from ${p.origin}${p.paused ? ' (paused)' : ''}` : 'idle');
      cell(row, p ? seconds(p.positionMicros / 1e6) : '');
      cell(row, p && p.loopFromMicros >= 0 ? `${seconds(p.loopFromMicros / 1e6)}–${seconds(p.loopToMicros / 1e6)}` : '');
      if (p && consoleState.session && p.sessionId === consoleState.session) {
        showAnnouncement(p);
      }
    }
  } catch (e) {
    say(`stations: ${e.message}`);
  }
  setTimeout(pollStations, 500);
}

function showAnnouncement(p) {
  consoleState.announcement = p;
  const at = p.positionMicros / 1e6;
  $('state').textContent = `station ${consoleState.station}: at ${seconds(at)}, speed ${p.speed}x, volume ${p.volume}`
    + `${p.paused ? ', paused' : ''}${p.loopFromMicros >= 0 ? `, loop ${seconds(p.loopFromMicros / 1e6)}–${seconds(p.loopToMicros / 1e6)}` : ''}`
    + `, high-pass ${p.highPassHz || 'off'}, DC ${p.dc.toLowerCase()}, normalize ${p.normalize ? 'on' : 'off'}`;
  if (consoleState.player) {
    consoleState.player.position = at;
    consoleState.player.emit('player.timeupdate', at);
  }
  const peaks = consoleState.peaks;
  if (peaks) {
    const loop = peaks.segments.getSegment('loop');
    if (p.loopFromMicros >= 0) {
      const from = p.loopFromMicros / 1e6, to = p.loopToMicros / 1e6;
      if (!loop || Math.abs(loop.startTime - from) > 1e-3 || Math.abs(loop.endTime - to) > 1e-3) {
        peaks.segments.removeById('loop');
        peaks.segments.add({ id: 'loop', startTime: from, endTime: to, color: 'rgba(255, 140, 0, 0.35)' });
      }
    } else if (loop) {
      peaks.segments.removeById('loop');
    }
  }
}

async function play() {
  const d = consoleState.stream;
  try {
    const r = await post(`/api/stations/${encodeURIComponent(consoleState.station)}/play`,
      { origin: d.origin, stream: d.stream, start: $('start').value, end: $('end').value });
    consoleState.session = r.session;
    consoleState.window = { start: $('start').value, end: $('end').value };
    consoleState.complete = false;
    $('session').hidden = false;
    $('session-id').textContent = r.session;
    $('wav').href = `/api/sessions/${r.session}/session.wav`;
    say(`PLAY sent to ${consoleState.station}: session ${r.session}`);
    refreshWaveform();
  } catch (e) {
    say(`play: ${e.message}`);
  }
}

async function control(body) {
  const target = `/api/stations/${encodeURIComponent(consoleState.station)}/controls`;
  try {
    await post(target, { session: consoleState.session, ...body });
    consoleState.lastControl = body;
    say(`${body.command} sent to ${consoleState.station}`);
  } catch (e) {
    say(`${body.command}: ${e.message}`);
  }
}

// peaks.js asks its player for the time and duration; the station is the player, so these come from its announcements.
function stationPlayer() {
  return {
    position: 0, duration: 0, emitter: null,
    init(emitter) { this.emitter = emitter; return Promise.resolve(); },
    destroy() {}, setSource() { return Promise.resolve(); },
    play() { return Promise.resolve(); }, pause() {}, seek() {},
    isPlaying() { return false; }, isSeeking() { return false; },
    getCurrentTime() { return this.position; }, getDuration() { return this.duration; },
    emit(name, value) { if (this.emitter) { this.emitter.emit(name, value); } },
  };
}

function zoomFor(status) {
  const width = $('overview').clientWidth;
  const levels = [...status.zoomLevels].sort((a, b) => b - a);
  return levels.find((z) => status.samples / z >= 2 * width) || levels[levels.length - 1];
}

async function refreshWaveform() {
  const id = consoleState.session;
  const base = `${consoleState.waveformUrl}/sessions/${id}`;
  try {
    const r = await fetch(base);
    if (r.ok) {
      const status = await r.json();
      consoleState.status = status;
      if (status.samples > 0) {
        const dat = await fetch(`${base}/waveform.dat?zoom=${zoomFor(status)}`);
        if (dat.ok) {
          await drawWaveform(await dat.arrayBuffer());
        }
        $('spectrogram').src = `${base}/spectrogram.png?width=1000&height=200&t=${status.samples}`;
        consoleState.complete = status.complete;
      }
    }
  } catch (e) {
    say(`waveform: ${e.message}`);
  }
  if (id === consoleState.session && !consoleState.complete) {
    setTimeout(refreshWaveform, 1000);
  }
}

function drawWaveform(buffer) {
  return new Promise((resolve) => {
    const done = (err) => {
      if (err) { say(`waveform: ${err.message}`); }
      resolve();
    };
    if (consoleState.peaks) {
      consoleState.peaks.setSource({ waveformData: { arraybuffer: buffer } }, done);
      return;
    }
    const player = stationPlayer();
    consoleState.player = player;
    window.peaks.init({ // peaks.js 4's standalone build defines the global "peaks"
      overview: { container: $('overview'), waveformColor: '#2a5db0', playheadColor: '#d22' },
      player, waveformData: { arraybuffer: buffer }, keyboard: false,
    }, (err, instance) => {
      if (!err) {
        consoleState.peaks = instance;
        instance.views.getView('overview').enableSeek(false); // seeks go to the station, below
      }
      done(err);
    });
  });
}

/** Data seconds at pixel x of the overview, as peaks.js draws it. */
function timeAt(x) {
  return consoleState.peaks.views.getView('overview').pixelsToTime(x);
}
consoleState.timeAt = timeAt;

function watchPointer() {
  const area = $('waveform');
  let downX = null;
  const x = (e) => Math.max(0, Math.min(area.clientWidth - 1, e.clientX - area.getBoundingClientRect().left));
  area.addEventListener('pointerdown', (e) => { downX = x(e); e.stopPropagation(); }, true);
  area.addEventListener('pointerup', (e) => {
    e.stopPropagation();
    if (downX === null || !consoleState.peaks) { return; }
    const upX = x(e);
    const from = Math.min(downX, upX), to = Math.max(downX, upX);
    downX = null;
    if (to - from < 5) {
      control({ command: 'seek', at: timeAt(upX) });
    } else {
      // Loop, then play from its start: a loop ahead of the playhead would otherwise start only when reached.
      const loop = { command: 'loop', from: timeAt(from), to: timeAt(to) };
      control(loop).then(() => control({ command: 'seek', at: loop.from })).then(() => { consoleState.lastControl = loop; });
    }
  }, true);
}

async function start() {
  const config = await json('/api/config');
  consoleState.waveformUrl = config.waveformUrl;
  $('play').onclick = play;
  $('pause').onclick = () => control({ command: 'pause' });
  $('resume').onclick = () => control({ command: 'resume' });
  $('stop').onclick = () => control({ command: 'stop' });
  $('clear-loop').onclick = () => control({ command: 'clear-loop' });
  $('speed').onchange = (e) => control({ command: 'speed', value: Number(e.target.value) });
  $('volume').onchange = (e) => control({ command: 'volume', value: Number(e.target.value) });
  $('high-pass').onchange = (e) => control({ command: 'high-pass', value: Number(e.target.value) });
  $('dc').onchange = (e) => control({ command: 'dc', mode: e.target.value });
  $('normalize').onchange = (e) => control({ command: 'normalize', on: e.target.checked });
  watchPointer();
  await loadStreams().catch((e) => say(`streams: ${e.message}`));
  pollStations();
}

start();
