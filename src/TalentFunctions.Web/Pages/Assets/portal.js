// The applicant portal's form (GET /apply/{programId}, GET /applications/{id}/edit?token=…): autosave through the JSON API,
// field errors from its ProblemDetails, uploads straight to Blob Storage in blocks through the SAS, resumable after a reload.
// No framework, no build step. Texts come from the page (#portal-text), in the page's language.
'use strict';

(() => {
  // Deadlines: <time datetime="…UTC…" data-local> shows the UTC text without script; here, the visitor's own time zone.
  for (const el of document.querySelectorAll('time[data-local]')) {
    const at = new Date(el.dateTime);
    if (!Number.isNaN(at.getTime())) {
      el.textContent = at.toLocaleString(document.documentElement.lang, { dateStyle: 'long', timeStyle: 'long' }); // the long time names the zone
    }
  }

  const form = document.getElementById('application-form');
  if (!form) return;
  const T = JSON.parse(document.getElementById('portal-text').textContent);
  const programId = form.dataset.programId;
  const resumeToken = form.dataset.token || null;
  const saveStatus = document.getElementById('save-status');
  const programKey = 'tf-portal:draft:' + programId;
  const appKey = id => 'tf-portal:app:' + id;
  const uploadKey = (id, kind) => 'tf-portal:upload:' + id + ':' + kind;
  let appId = form.dataset.applicationId || null;

  const read = key => { try { return JSON.parse(localStorage.getItem(key)); } catch { return null; } };
  const write = (key, value) => { try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode: no resume */ } };
  const token = () => (appId && read(appKey(appId))?.token) || resumeToken;

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    const t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let json = null;
    try { json = await response.json(); } catch { /* empty body */ }
    return { ok: response.ok, status: response.status, json };
  }

  // ---- the form as the API's JSON (names are JSON paths) ----
  const LISTS = new Set(['applicant.roles', 'applicant.awards', 'applicant.affiliations']);
  // The privacy notice: its checkbox's value is the version the page shows; sent with the create only (it is recorded then).
  const consent = form.querySelector('[name="consent.privacyNotice"]');
  const consentGiven = () => !consent || consent.checked;
  function body(forCreate) {
    const out = {};
    for (const el of form.querySelectorAll('[name*="."], [name="track"]')) {
      if (el === consent) { if (!forCreate || !el.checked) continue; }
      let value = el.value;
      if (LISTS.has(el.name)) value = value.split('\n').map(s => s.trim()).filter(Boolean);
      else if (el.type === 'number') { if (value === '') continue; value = Number(value); }
      else if (el.tagName === 'SELECT' && value === '') continue; // an enum cannot be "cleared" with ""
      else value = value.trim();
      if (forCreate && (value === '' || (Array.isArray(value) && value.length === 0))) continue;
      const path = el.name.split('.');
      let node = out;
      for (const part of path.slice(0, -1)) node = node[part] ??= {};
      node[path.at(-1)] = value;
    }
    return out;
  }

  function fill(view) {
    const get = path => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), view);
    for (const el of form.querySelectorAll('[name*="."], [name="track"]')) {
      if (el === consent) continue;
      const value = get(el.name);
      if (value == null || (el.type === 'number' && value === 0)) continue;
      el.value = Array.isArray(value) ? value.join('\n') : String(value);
    }
  }

  // ---- errors next to their fields ----
  const fieldId = path => path.replace(/\[\d+\]$/, '').replace(/\./g, '-');
  function clearErrors() {
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  }
  function localized(message) {
    const generic = /required/i.test(message) ? T.fieldRequired : T.fieldInvalid;
    // The API speaks English; an English page shows its precise message, a Chinese page a Chinese sentence and the detail.
    return T.lang === 'en' ? message : generic + '（' + message + '）';
  }
  // A problem the API answered with, in the page's language. The API speaks English: a Chinese page shows the Chinese
  // explanation of the problem's code, then the API's detail (it may name a size or a field) in brackets.
  function problemText(json, fallback) {
    const english = json?.detail || json?.title || String(fallback ?? '');
    const known = json?.code && Object.hasOwn(T.refusals, json.code) ? T.refusals[json.code] : null;
    return known ? known + (english ? '（' + english + '）' : '') : english;
  }
  function showErrors(errors) {
    const shown = [];
    for (const [path, messages] of Object.entries(errors || {})) {
      const id = fieldId(path);
      const input = document.getElementById(id);
      const slot = document.getElementById(id + '-error');
      if (input) input.setAttribute('aria-invalid', 'true');
      if (slot) slot.textContent = messages.map(localized).join(' ');
      shown.push({ id, label: document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent || path, messages });
    }
    return shown;
  }

  // ---- autosave: create on the first save with an email, then PATCH, debounced, one at a time ----
  let timer = null, saving = false, again = false;
  function status(text) { saveStatus.textContent = text; }
  function schedule() { clearTimeout(timer); timer = setTimeout(save, 800); }
  async function save() {
    clearTimeout(timer);
    if (saving) { again = true; return; }
    saving = true;
    try {
      if (!appId) await create(); else await patch();
    } catch {
      status(T.saveFailed);
    } finally {
      saving = false;
      if (again) { again = false; schedule(); }
    }
  }
  async function create() {
    const data = body(true);
    if (!data.applicant?.email) { status(T.notSavedYet); return; }
    if (!consentGiven()) { status(T.consentNeeded); return; } // no draft without the privacy notice accepted
    if (!data.applicant.timeZone) data.applicant.timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    status(T.saving);
    const r = await api('POST', '/api/applications', { programId, partial: true, ...data });
    clearErrors();
    if (r.status === 201) {
      appId = r.json.id;
      write(appKey(appId), { token: r.json.accessToken, programId });
      write(programKey, appId);
      form.dataset.applicationId = appId;
      status(T.saved);
    } else {
      refused(r);
    }
  }
  async function patch() {
    status(T.saving);
    const r = await api('PATCH', '/api/applications/' + encodeURIComponent(appId), body(false));
    clearErrors();
    if (r.ok) { status(T.saved); return; }
    refused(r);
  }
  // Fields at fault are marked next to them; any other refusal (a closed program, a passed deadline) is said with its reason.
  function refused(r) {
    const shown = showErrors(r.json?.errors);
    status(shown.length > 0 || !r.json ? T.saveFailed : T.saveRefused + ' ' + problemText(r.json, r.status));
  }
  form.addEventListener('input', e => { if (e.target.type !== 'file') schedule(); });
  form.addEventListener('change', e => { if (e.target.type !== 'file') schedule(); });
  document.getElementById('save-now').addEventListener('click', save);

  // ---- a reload of /apply continues the draft kept in this browser ----
  (async () => {
    if (appId) return;
    const last = read(programKey);
    if (!last || !read(appKey(last))) return;
    appId = last;
    const r = await api('GET', '/api/applications/' + encodeURIComponent(appId));
    if (r.ok && r.json.stage === 'Draft') {
      fill(r.json);
      if (consent) { consent.checked = true; consent.disabled = true; } // recorded when the draft was created
      form.dataset.applicationId = appId;
      status(T.saved);
      for (const m of r.json.materials || []) {
        const st = document.getElementById(m.kind + '-status');
        if (st && m.status === 'Verified') st.textContent = m.fileName + ' — ' + T.uploadVerified;
      }
    } else {
      appId = null;
      localStorage.removeItem(programKey);
    }
    markUnfinishedUploads();
  })();

  // ---- uploads: Put Block per suggestedBlockSize, Put Block List, then complete; resumable ----
  const TYPES = { pdf: 'application/pdf', mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };
  const contentType = file => file.type || TYPES[file.name.split('.').pop().toLowerCase()] || 'application/octet-stream';
  const blockId = i => btoa('block-' + String(i).padStart(6, '0')); // equal length for every block
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const running = new Map();

  function markUnfinishedUploads() {
    if (!appId) return;
    for (const box of form.querySelectorAll('.material')) {
      if (read(uploadKey(appId, box.dataset.kind))) document.getElementById(box.dataset.kind + '-status').textContent = T.uploadResume;
    }
  }
  markUnfinishedUploads();

  async function renew(rec) {
    const r = await api('POST', `/api/applications/${encodeURIComponent(appId)}/materials/${encodeURIComponent(rec.materialId)}/upload-url`);
    if (!r.ok) throw Object.assign(new Error('renew'), { problem: r.json });
    rec.url = r.json.uploadUrl;
  }

  async function putWithRetry(rec, makeRequest, signal) {
    for (let attempt = 0; ; attempt++) {
      let response;
      try {
        response = await fetch(makeRequest(rec.url), { method: 'PUT', signal, ...makeRequest.init });
      } catch (e) {
        if (signal.aborted || attempt >= 4) throw e;
        await sleep(1000 * 2 ** attempt);
        continue;
      }
      if (response.ok) return;
      if (response.status === 403 && attempt < 4) { await renew(rec); continue; } // the SAS expired: same blob, fresh SAS
      if (response.status >= 500 && attempt < 4) { await sleep(1000 * 2 ** attempt); continue; }
      throw new Error('storage ' + response.status);
    }
  }

  async function upload(kind, file) {
    const st = document.getElementById(kind + '-status');
    const bar = document.getElementById(kind + '-progress');
    const cancel = document.getElementById(kind + '-cancel');
    if (!appId) await save();
    if (!appId) { st.textContent = T.saveFirst; return; }
    const key = uploadKey(appId, kind);
    let rec = read(key);
    const abort = new AbortController();
    running.set(kind, abort);
    cancel.hidden = false;
    bar.hidden = false;
    st.textContent = T.uploading;
    try {
      if (rec && rec.name === file.name && rec.size === file.size && rec.lastModified === file.lastModified) {
        await renew(rec);
      } else {
        const r = await api('POST', `/api/applications/${encodeURIComponent(appId)}/materials`,
          { kind, fileName: file.name, contentType: contentType(file), length: file.size });
        if (r.status !== 201) {
          st.textContent = T.uploadRejected + ' ' + problemText(r.json, r.status);
          return;
        }
        rec = { materialId: r.json.materialId, name: file.name, size: file.size, lastModified: file.lastModified,
                blockSize: r.json.suggestedBlockSize, sent: [], url: r.json.uploadUrl };
        write(key, rec);
      }
      const count = Math.max(1, Math.ceil(file.size / rec.blockSize));
      const sent = new Set(rec.sent);
      bar.max = count;
      bar.value = sent.size;
      for (let i = 0; i < count; i++) {
        if (sent.has(i)) continue;
        const chunk = file.slice(i * rec.blockSize, Math.min(file.size, (i + 1) * rec.blockSize)); // read per block: memory stays flat
        const request = url => `${url}&comp=block&blockid=${encodeURIComponent(blockId(i))}`;
        request.init = { body: chunk };
        await putWithRetry(rec, request, abort.signal);
        sent.add(i);
        rec.sent = [...sent];
        write(key, rec);
        bar.value = sent.size;
      }
      const list = '<?xml version="1.0" encoding="utf-8"?><BlockList>'
        + Array.from({ length: count }, (_, i) => `<Latest>${blockId(i)}</Latest>`).join('') + '</BlockList>';
      const commit = url => `${url}&comp=blocklist`;
      commit.init = { body: list, headers: { 'Content-Type': 'application/xml', 'x-ms-blob-content-type': contentType(file) } };
      await putWithRetry(rec, commit, abort.signal);
      st.textContent = T.uploadVerifying;
      const done = await api('POST', `/api/applications/${encodeURIComponent(appId)}/materials/${encodeURIComponent(rec.materialId)}/complete`);
      localStorage.removeItem(key);
      st.textContent = done.ok ? file.name + ' — ' + T.uploadVerified : T.uploadRejected + ' ' + problemText(done.json, done.status);
    } catch (e) {
      st.textContent = abort.signal.aborted ? T.uploadCancelled
        : e.problem ? T.uploadRejected + ' ' + problemText(e.problem) : T.uploadFailed;
    } finally {
      running.delete(kind);
      cancel.hidden = true;
    }
  }

  for (const box of form.querySelectorAll('.material')) {
    const kind = box.dataset.kind;
    document.getElementById(kind).addEventListener('change', e => { if (e.target.files[0]) upload(kind, e.target.files[0]); });
    document.getElementById(kind + '-cancel').addEventListener('click', () => running.get(kind)?.abort());
  }

  // ---- submit: shows what is missing (422 errors by JSON path), then the link to the status page ----
  const problems = document.getElementById('submit-problems');
  const missingList = document.getElementById('submit-missing-list');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    await save();
    if (!appId) {
      if (!consentGiven()) {
        clearErrors();
        consent.setAttribute('aria-invalid', 'true');
        document.getElementById('consent-privacyNotice-error').textContent = T.consentNeeded;
        status(T.consentNeeded);
        consent.focus();
      } else status(T.saveFirst);
      return;
    }
    const r = await api('POST', `/api/applications/${encodeURIComponent(appId)}/submit`);
    clearErrors();
    missingList.replaceChildren();
    if (r.status === 202) {
      problems.hidden = true;
      form.hidden = true;
      document.getElementById('after-submit').hidden = false;
      document.getElementById('after-submit-heading').focus();
      return;
    }
    const shown = showErrors(r.json?.errors);
    for (const item of shown) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = '#' + item.id;
      a.textContent = item.label.trim();
      li.append(a, ' — ', item.messages.map(localized).join(' '));
      missingList.append(li);
    }
    if (shown.length === 0) {
      const li = document.createElement('li');
      li.textContent = problemText(r.json, r.status);
      missingList.append(li);
    }
    problems.hidden = false;
    problems.focus();
  });

  // ---- withdraw, after a confirmation ----
  const withdraw = document.getElementById('withdraw-application');
  withdraw.addEventListener('click', async () => {
    if (!appId || !window.confirm(T.withdrawConfirm)) return;
    const r = await api('POST', `/api/applications/${encodeURIComponent(appId)}/withdraw`);
    if (r.ok) {
      form.hidden = true;
      withdraw.hidden = true;
      status(T.withdrawnText);
      localStorage.removeItem(programKey);
    } else {
      status(r.json ? problemText(r.json) : T.saveFailed);
    }
  });
})();
