/*
 * The chat box in real time (progressive enhancement of the conversation page).
 *
 * The page works without this script: the form posts and the page reloads. With it, the page
 * opens a websocket to the address in data-chat-socket, shows every new message of the
 * conversation without reload, and sends the form over the socket. The server renders every
 * message (escaped) for this user; this script only places it.
 *
 * Markup it expects (messaging/conversation page):
 *   <section class="chat" data-chat-socket="/ws/gesprekken/<id>/">
 *     <ol id="chat-messages"> <li id="message-<id>">...</li> </ol>
 *     <form id="chat-form"> <textarea name="text"> <input type="hidden" name="client_token">
 *       <button type="submit">
 * Optional: data-status-connected / data-status-reconnecting / data-status-ended on the section
 * (translated texts), an element .chat-status (else one is made) and .chat-empty (hidden once a
 * message arrives).
 *
 * The client_token makes sending idempotent: a double click or a resend after a lost connection
 * carries the same token, and the server stores one message. A new token is made only when our
 * own message comes back.
 */
(function () {
  "use strict";

  var CLOSE_SESSION_ENDED = 4401;
  var CLOSE_NO_ACCESS = 4403;
  var MAX_BACKOFF_MS = 30000;

  function newToken() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // Older browsers: an RFC 4122 version 4 UUID from getRandomValues.
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).slice(1);
    }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" +
      h.slice(16, 20) + "-" + h.slice(20);
  }

  function Chat(section) {
    this.section = section;
    this.path = section.getAttribute("data-chat-socket");
    this.list = document.getElementById("chat-messages");
    this.form = document.getElementById("chat-form");
    this.text = this.form ? this.form.querySelector("[name=text]") : null;
    this.token = this.form ? this.form.querySelector("[name=client_token]") : null;
    this.button = this.form ? this.form.querySelector("[type=submit]") : null;
    this.socket = null;
    this.pending = null; // the client_token of our message on its way
    this.attempts = 0;
    this.ended = false;
    this.everConnected = false;
    this.texts = {
      connected: section.getAttribute("data-status-connected") || "Verbonden",
      reconnecting: section.getAttribute("data-status-reconnecting") ||
        "Verbinding verbroken, opnieuw verbinden\u2026",
      ended: section.getAttribute("data-status-ended") ||
        "De verbinding is gesloten. Laad de pagina opnieuw.",
    };
    this.status = section.querySelector(".chat-status");
    if (!this.status) {
      this.status = document.createElement("p");
      this.status.className = "chat-status";
      section.insertBefore(this.status, this.form && this.form.parentNode === section
        ? this.form : null);
    }
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.error = section.querySelector(".chat-error");
    if (!this.error && this.form) {
      this.error = document.createElement("p");
      this.error.className = "chat-error";
      this.error.setAttribute("role", "alert");
      this.error.hidden = true;
      this.form.insertBefore(this.error, this.form.firstChild);
    }
  }

  Chat.prototype.url = function () {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + this.path;
  };

  Chat.prototype.setStatus = function (text) {
    if (this.status.textContent !== text) {
      this.status.textContent = text;
    }
  };

  Chat.prototype.showError = function (text) {
    if (!this.error) return;
    this.error.textContent = text || "";
    this.error.hidden = !text;
  };

  Chat.prototype.connect = function () {
    var chat = this;
    var socket;
    try {
      socket = new WebSocket(this.url());
    } catch (e) {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", function () {
      var reconnected = chat.everConnected;
      chat.everConnected = true;
      chat.attempts = 0;
      chat.setStatus(chat.texts.connected);
      if (reconnected) chat.catchUp();
      if (chat.pending) chat.sendPending(); // resend after a lost connection: same token
    });
    socket.addEventListener("message", function (event) {
      chat.onFrame(event.data);
    });
    socket.addEventListener("close", function (event) {
      chat.socket = null;
      if (event.code === CLOSE_SESSION_ENDED || event.code === CLOSE_NO_ACCESS) {
        chat.ended = true;
        chat.setStatus(chat.texts.ended);
        chat.setBusy(false);
        return;
      }
      chat.retry();
    });
  };

  Chat.prototype.retry = function () {
    if (this.ended) return;
    this.setStatus(this.texts.reconnecting);
    var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, this.attempts));
    delay = delay / 2 + Math.random() * delay / 2;
    this.attempts += 1;
    window.setTimeout(this.connect.bind(this), delay);
  };

  Chat.prototype.onFrame = function (data) {
    var frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (frame.type === "message") {
      this.place(frame.id, frame.html);
      if (this.pending && frame.client_token === this.pending) {
        this.sent();
      }
    } else if (frame.type === "error") {
      this.showError(frame.message);
      this.setBusy(false);
      this.pending = null;
    }
  };

  Chat.prototype.place = function (id, html) {
    if (!this.list || document.getElementById("message-" + id)) return;
    var template = document.createElement("template");
    template.innerHTML = html;
    var item = template.content.firstElementChild;
    if (!item) return;
    this.list.appendChild(item);
    var empty = this.section.querySelectorAll(".chat-empty");
    for (var i = 0; i < empty.length; i++) empty[i].hidden = true;
    this.scrollToNewest(item);
  };

  Chat.prototype.scrollToNewest = function (item) {
    if (this.list.scrollHeight > this.list.clientHeight) {
      this.list.scrollTop = this.list.scrollHeight;
    } else if (item && item.scrollIntoView) {
      item.scrollIntoView({ block: "nearest" });
    }
  };

  // After a lost connection: fetch the page again and place the messages missed meanwhile.
  Chat.prototype.catchUp = function () {
    var chat = this;
    if (!window.fetch || !window.DOMParser) return;
    window.fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : "";
      })
      .then(function (text) {
        if (!text) return;
        var doc = new window.DOMParser().parseFromString(text, "text/html");
        var items = doc.querySelectorAll("#chat-messages > li[id^='message-']");
        for (var i = 0; i < items.length; i++) {
          if (!document.getElementById(items[i].id)) {
            chat.list.appendChild(document.importNode(items[i], true));
          }
        }
        chat.scrollToNewest(chat.list.lastElementChild);
      })
      .catch(function () {});
  };

  Chat.prototype.setBusy = function (busy) {
    if (this.button) this.button.disabled = busy;
    if (this.form) this.form.setAttribute("aria-busy", busy ? "true" : "false");
  };

  Chat.prototype.sendPending = function () {
    this.socket.send(JSON.stringify({
      type: "send",
      text: this.text.value,
      client_token: this.pending,
    }));
  };

  Chat.prototype.sent = function () {
    this.pending = null;
    this.text.value = "";
    this.token.value = newToken();
    this.setBusy(false);
    this.showError("");
    this.text.focus();
  };

  Chat.prototype.hasFiles = function () {
    var inputs = this.form.querySelectorAll("input[type=file]");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].files && inputs[i].files.length) return true;
    }
    return false;
  };

  Chat.prototype.onSubmit = function (event) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || this.hasFiles()) {
      return; // no live connection, or attachments: the form posts as without script
    }
    event.preventDefault();
    if (!this.token.value) this.token.value = newToken();
    this.pending = this.token.value;
    this.setBusy(true);
    this.showError("");
    this.sendPending();
  };

  Chat.prototype.start = function () {
    var chat = this;
    if (this.form && this.text && this.token) {
      if (!this.token.value) this.token.value = newToken();
      this.form.addEventListener("submit", function (event) {
        chat.onSubmit(event);
      });
      // Enter sends, Shift+Enter starts a new line.
      this.text.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
          event.preventDefault();
          if (chat.button && chat.button.disabled) return;
          if (typeof chat.form.requestSubmit === "function") {
            chat.form.requestSubmit(chat.button || undefined);
          } else if (chat.button) {
            chat.button.click();
          }
        }
      });
    }
    if (this.list && this.list.lastElementChild) {
      this.scrollToNewest(this.list.lastElementChild);
    }
    if (!this.path || typeof window.WebSocket !== "function") return;
    // Reading older messages (?voor=...): new ones would land in the wrong place; the form
    // posts and leads back to the newest.
    if (/[?&]voor=/.test(window.location.search)) return;
    this.connect();
  };

  function init() {
    var sections = document.querySelectorAll("[data-chat-socket]");
    for (var i = 0; i < sections.length; i++) {
      new Chat(sections[i]).start();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
