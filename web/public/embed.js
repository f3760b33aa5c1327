/* global document, window, URL */
/*
 * Enso schedule widget ("Add to website"). A studio pastes
 *   <script src="https://<enso>/embed.js" data-enso-studio="<slug>" async></script>
 * and the script puts its public schedule, in an iframe, where the tag is. The framed page
 * posts its height (`{ type: 'enso:schedule-height', height }`) so the frame grows with it;
 * only messages from that frame, at Enso's own origin, are read.
 * Optional: data-enso-lang="en|fr", data-enso-min-height="600".
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-enso-studio')) return;
  var slug = script.getAttribute('data-enso-studio');
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var src = new URL('/s/' + slug + '/schedule', origin);
  src.searchParams.set('embed', '1');
  var lang = script.getAttribute('data-enso-lang');
  if (lang === 'en' || lang === 'fr') src.searchParams.set('lang', lang);
  var minHeight = parseInt(script.getAttribute('data-enso-min-height') || '600', 10) || 600;

  var frame = document.createElement('iframe');
  frame.src = src.toString();
  frame.title = script.getAttribute('data-enso-title') || 'Class schedule';
  frame.loading = 'lazy';
  frame.setAttribute('data-enso-schedule', slug);
  frame.style.cssText = 'display:block;width:100%;border:0;min-height:' + minHeight + 'px;height:' + minHeight + 'px;';
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener('message', function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== 'enso:schedule-height' || typeof data.height !== 'number' || !isFinite(data.height)) return;
    var height = Math.min(Math.max(Math.ceil(data.height), minHeight), 20000);
    frame.style.height = height + 'px';
  });
})();
