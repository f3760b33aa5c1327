/**
 * The Stripe stub's stand-in for Stripe.js, served at `GET /v3/` (what STRIPE_JS_URL points at in
 * browser tests). It offers the calls the web app makes — `Stripe(pk)`, `elements()`,
 * `elements.create('card').mount(el)`, `confirmCardSetup`, `confirmCardPayment` — and resolves
 * `{ setupIntent } | { paymentIntent } | { error }` like Stripe.js. Instead of Stripe's iframe it
 * renders plain labelled inputs, and maps Stripe's test card numbers to test payment methods:
 * 4242 4242 4242 4242 → pm_card_visa, 4000 0000 0000 0002 → pm_card_chargeDeclined,
 * 4000 0000 0000 9995 → insufficient funds, 4000 0000 0000 0341 → pm_card_chargeCustomerFail,
 * 4000 0025 0000 3155 → pm_card_authenticationRequired (the stand-in "passes" 3-D Secure).
 * A test peer only: it never sees a real card and must never be loaded in production.
 */
export function stripeBrowserScript(apiBase: string): string {
  return `/* Enso's Stripe stub: a test stand-in for Stripe.js. Not Stripe. */
(function () {
  'use strict';
  var API = ${JSON.stringify(apiBase)};
  var CARDS = {
    '4242424242424242': 'pm_card_visa',
    '5555555555554444': 'pm_card_mastercard',
    '4000000000000002': 'pm_card_chargeDeclined',
    '4000000000009995': 'pm_card_chargeDeclinedInsufficientFunds',
    '4000000000000341': 'pm_card_chargeCustomerFail',
    '4000002500003155': 'pm_card_authenticationRequired'
  };
  var TEXT = {
    en: { number: 'Card number', expiry: 'Expiry (MM / YY)', cvc: 'CVC', incorrect: 'Your card number is incorrect.', incomplete: 'Your card details are incomplete.' },
    fr: { number: 'Numéro de carte', expiry: "Date d'expiration (MM / AA)", cvc: 'CVC', incorrect: 'Le numéro de carte est incorrect.', incomplete: 'Les informations de carte sont incomplètes.' }
  };
  var seq = 0;

  function form(params) {
    var out = [];
    Object.keys(params).forEach(function (k) { if (params[k] != null) out.push(encodeURIComponent(k) + '=' + encodeURIComponent(params[k])); });
    return out.join('&');
  }

  function Stripe(publishableKey, options) {
    if (!(typeof publishableKey === 'string' && publishableKey.indexOf('pk_') === 0)) throw new Error('Stripe stub: a publishable key (pk_…) is required.');
    var locale = (options && options.locale) || 'en';

    function call(path, params) {
      return fetch(API + path, {
        method: 'POST',
        headers: { authorization: 'Bearer ' + publishableKey, 'content-type': 'application/x-www-form-urlencoded' },
        body: form(params)
      }).then(function (res) { return res.json(); });
    }

    function tokenOf(card) {
      if (!card || !card._read) return { error: { type: 'validation_error', code: 'incomplete_number', message: TEXT[card && card._locale || locale].incomplete } };
      return card._read();
    }

    function confirm(kind, clientSecret, data) {
      var id = String(clientSecret || '').split('_secret_')[0];
      if (!id) return Promise.resolve({ error: { type: 'invalid_request_error', message: 'Missing client secret.' } });
      var params = { client_secret: clientSecret };
      var pm = data && data.payment_method;
      if (typeof pm === 'string') params.payment_method = pm;
      else if (pm && pm.card) {
        var read = tokenOf(pm.card);
        if (read.error) return Promise.resolve({ error: read.error });
        params.payment_method = read.token;
      }
      if (data && data.setup_future_usage) params.setup_future_usage = data.setup_future_usage;
      var path = kind === 'setup' ? '/v1/setup_intents/' : '/v1/payment_intents/';
      return call(path + encodeURIComponent(id) + '/confirm', params).then(function (body) {
        if (body && body.error) return { error: body.error };
        return kind === 'setup' ? { setupIntent: body } : { paymentIntent: body };
      }, function (e) { return { error: { type: 'api_connection_error', message: String(e) } }; });
    }

    return {
      _enso_stub: true,
      elements: function (elementsOptions) {
        var elLocale = (elementsOptions && elementsOptions.locale) || locale;
        var t = TEXT[elLocale] || TEXT.en;
        return {
          create: function (type) {
            if (type !== 'card') throw new Error('Stripe stub: only the card element is available.');
            var id = 'enso-stripe-stub-' + (++seq);
            var root = null;
            var handlers = {};
            var element = {
              _locale: elLocale,
              mount: function (target) {
                root = typeof target === 'string' ? document.querySelector(target) : target;
                if (!root) throw new Error('Stripe stub: nothing to mount on at ' + target);
                root.innerHTML =
                  '<div data-stripe-stub="card" style="display:flex;flex-wrap:wrap;gap:8px">' +
                  '<label for="' + id + '-number" style="display:flex;flex-direction:column;flex:1 1 180px">' + t.number +
                  '<input id="' + id + '-number" name="cardnumber" autocomplete="cc-number" inputmode="numeric" placeholder="1234 1234 1234 1234"></label>' +
                  '<label for="' + id + '-exp" style="display:flex;flex-direction:column;flex:0 1 110px">' + t.expiry +
                  '<input id="' + id + '-exp" name="exp-date" autocomplete="cc-exp" inputmode="numeric" placeholder="MM / YY"></label>' +
                  '<label for="' + id + '-cvc" style="display:flex;flex-direction:column;flex:0 1 70px">' + t.cvc +
                  '<input id="' + id + '-cvc" name="cvc" autocomplete="cc-csc" inputmode="numeric" placeholder="CVC"></label></div>';
                root.querySelectorAll('input').forEach(function (input) {
                  input.addEventListener('input', function () {
                    var r = element._read();
                    (handlers.change || []).forEach(function (h) { h({ elementType: 'card', empty: !input.value, complete: !r.error, error: r.error && r.error.code !== 'incomplete_number' ? r.error : undefined }); });
                  });
                });
                (handlers.ready || []).forEach(function (h) { h({ elementType: 'card' }); });
              },
              _read: function () {
                if (!root) return { error: { type: 'validation_error', code: 'incomplete_number', message: t.incomplete } };
                var number = root.querySelector('[name=cardnumber]').value.replace(/\\s+/g, '');
                var exp = root.querySelector('[name=exp-date]').value.replace(/\\s+/g, '');
                var cvc = root.querySelector('[name=cvc]').value.trim();
                if (number.length < 16 || !/^\\d{2}\\/?\\d{2}$/.test(exp) || !/^\\d{3,4}$/.test(cvc)) {
                  return { error: { type: 'validation_error', code: 'incomplete_number', message: t.incomplete } };
                }
                var token = CARDS[number];
                if (!token) return { error: { type: 'validation_error', code: 'incorrect_number', message: t.incorrect } };
                return { token: token };
              },
              on: function (event, handler) { (handlers[event] = handlers[event] || []).push(handler); return element; },
              off: function (event, handler) { handlers[event] = (handlers[event] || []).filter(function (h) { return h !== handler; }); return element; },
              focus: function () { if (root) root.querySelector('[name=cardnumber]').focus(); },
              clear: function () { if (root) root.querySelectorAll('input').forEach(function (i) { i.value = ''; }); },
              unmount: function () { if (root) root.innerHTML = ''; root = null; },
              destroy: function () { element.unmount(); handlers = {}; }
            };
            return element;
          }
        };
      },
      confirmCardSetup: function (clientSecret, data) { return confirm('setup', clientSecret, data); },
      confirmCardPayment: function (clientSecret, data) { return confirm('payment', clientSecret, data); }
    };
  }

  window.Stripe = Stripe;
})();
`;
}
