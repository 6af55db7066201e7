// The phones' one script: saves as people type, downloads the card, follows the room.
// Without it every form still posts and comes back (the server answers both ways).
// It starts once the page is parsed, not once its stylesheet is in: inlined in the head of the
// join page, it is ready the moment Join is on screen, even on a congested network.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var doc = document, body = doc.body, status = doc.getElementById("status");
  doc.documentElement.classList.add("js");

  function say(text, bad) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("error", !!bad);
  }
  function clock() {
    return new Date().toLocaleTimeString(doc.documentElement.lang, {hour: "2-digit", minute: "2-digit"});
  }
  function typing() {
    var el = doc.activeElement;
    return !!el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type === "text"));
  }

  // -- saving ------------------------------------------------------------------------------
  var pending = 0;
  function showErrors(form, errors) {
    form.querySelectorAll("[data-error-for]").forEach(function (p) {
      var name = p.getAttribute("data-error-for"), text = errors[name] || "";
      p.textContent = text;
      form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
        if (text) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", p.id); }
        else { input.removeAttribute("aria-invalid"); }
      });
    });
  }
  function swap(fragments) {
    Object.keys(fragments || {}).forEach(function (id) {
      var old = doc.getElementById(id);
      if (!old) return;
      var box = doc.createElement("div");
      box.innerHTML = fragments[id];
      var fresh = box.firstElementChild;
      if (fresh && fresh.getAttribute("data-key") !== old.getAttribute("data-key")) old.replaceWith(fresh);
    });
  }
  function save(form, submitter) {
    if (form._busy) { form._again = submitter || true; return; }
    form._busy = true; pending += 1;
    if (form._timer) { clearTimeout(form._timer); form._timer = null; }
    say("");  // "Saved" is said again only once this save, and any after it, went through
    var data = new URLSearchParams(new FormData(form, submitter || undefined));
    fetch(form.getAttribute("action"), {method: "POST", body: data, credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (reply) {
        showErrors(form, reply.errors || {});
        // A change made while this save was away (a box ticked) goes with the next save, whose
        // reply brings the parts that change: swapping them in now would undo that change.
        if (!form._again) swap(reply.fragments);
        var problems = Object.keys(reply.errors || {}).map(function (k) { return reply.errors[k]; });
        if (problems.length) say(problems.join(" "), true);
        else if (reply.message) say(reply.message, !!reply.refused);
        else if (!form._again) say(body.getAttribute("data-saved").replace("{time}", clock()));
      })
      .catch(function () { say(body.getAttribute("data-not-saved"), true); form._retry = true; })
      .then(function () {
        form._busy = false; pending -= 1;
        var again = form._again; form._again = null;
        if (again) save(form, again === true ? null : again);
      });
  }
  doc.querySelectorAll("form[data-autosave]").forEach(function (form) {
    form.addEventListener("input", function (e) {
      if (e.target.type !== "text" && e.target.tagName !== "TEXTAREA") return;
      clearTimeout(form._timer);
      form._timer = setTimeout(function () { save(form); }, 700);
    });
    form.addEventListener("change", function (e) {
      if (e.target.type === "text" || e.target.tagName === "TEXTAREA") { save(form); return; }
      var reveal = doc.getElementById(e.target.getAttribute("aria-controls") || "");
      if (reveal) reveal.hidden = !e.target.checked;
      save(form);
    });
    form.addEventListener("submit", function (e) {
      var by = e.submitter;
      if (by && by.hasAttribute("data-download")) { e.preventDefault(); download(form, by); return; }
      e.preventDefault();
      save(form, by);
    });
    form.querySelectorAll("[aria-controls]").forEach(function (box) {
      var reveal = doc.getElementById(box.getAttribute("aria-controls"));
      if (reveal && !box.checked && !reveal.querySelector("input").value) reveal.hidden = true;
    });
  });
  window.addEventListener("online", function () {
    doc.querySelectorAll("form[data-autosave]").forEach(function (f) { if (f._retry) { f._retry = false; save(f); } });
  });

  // -- joining: the resume code shows the moment the server gives it -----------------------
  doc.querySelectorAll("form[data-join]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (form._sent) return;
      form._sent = true;
      fetch(form.getAttribute("action"), {method: "POST", credentials: "same-origin",
        body: new URLSearchParams(new FormData(form)), headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (reply) {
          form._sent = false;
          if (reply.errors) {
            showErrors(form, reply.errors);
            say(Object.keys(reply.errors).map(function (k) { return reply.errors[k]; }).join(" "), true);
            return;
          }
          var bar = doc.querySelector(".bar"), shown = doc.createElement("p");
          shown.className = "code"; shown.id = "resume-code";
          shown.textContent = reply.said.slice(0, reply.said.length - reply.code.length);
          var code = doc.createElement("strong");
          code.className = "resume-code"; code.textContent = reply.code;
          shown.appendChild(code); bar.appendChild(shown);
          say(reply.said);
          location.assign(reply.next);
        })
        .catch(function () { form._sent = false; form.submit(); });
    });
  });

  // -- the card ----------------------------------------------------------------------------
  function download(form, button) {
    if (button.disabled) return;
    var data = new URLSearchParams(new FormData(form, button));  // before disabling it
    button.disabled = true;
    say(body.getAttribute("data-making"));
    fetch(button.getAttribute("formaction"), {method: "POST", body: data, credentials: "same-origin",
                                              headers: {"Accept": "text/plain"}})
      .then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(t); });
        var name = (r.headers.get("Content-Disposition") || "").split("filename=")[1] || "card";
        return r.blob().then(function (blob) {
          var a = doc.createElement("a");
          a.href = URL.createObjectURL(blob); a.download = name.replace(/"/g, "");
          doc.body.appendChild(a); a.click(); a.remove();
          say(body.getAttribute("data-ready"));
        });
      })
      .catch(function (err) { say(err.message || body.getAttribute("data-not-saved"), true); })
      .then(function () { button.disabled = false; });
  }

  // -- following the room ------------------------------------------------------------------
  if (!body.hasAttribute("data-follow") || !window.EventSource) return;
  var here = body.getAttribute("data-room"), events = null;
  function follow() {
    events = new EventSource("/events");
    events.onmessage = function (e) {
      var room = JSON.parse(e.data);
      if (room.key === here) return;
      here = room.key;
      // Nothing typed is lost by moving: a page mid-typing stays, and says where the room is.
      if (body.hasAttribute("data-waiting") || (!typing() && !pending)) { location.assign("/"); return; }
      var news = doc.getElementById("news");
      if (news && room.news) {
        news.querySelector("p").textContent = room.news;
        news.querySelector("a").textContent = room.go;
        news.hidden = false;
        say(room.news);
      }
    };
  }
  follow();
  doc.addEventListener("visibilitychange", function () {
    if (!doc.hidden && events && events.readyState === 2) follow();
  });
});
