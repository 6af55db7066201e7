"""What a person sees on the big screen and the remote, measured in the browser: text cut short
(by an ellipsis, a clamp, or a box too small for it), contrast under 4.5:1, controls without a
name. Shared by the browser tests of the facilitator's screens."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

#: WCAG 2.1's contrast for text (1.4.3, AA), asked of every text here, large or not.
CONTRAST = 4.5

_CUT = """
(allowed) => {
  const cut = [];
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  for (const el of document.querySelectorAll('body *')) {
    if (!seen(el) || el.closest('.d-none')) continue;
    const s = getComputedStyle(el);
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    const text = el.innerText || el.textContent || '';
    if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1)
      cut.push('ellipsis: ' + text.slice(0, 60));
    if (s.webkitLineClamp && s.webkitLineClamp !== 'none' && el.scrollHeight > el.clientHeight + 1)
      cut.push('clamp: ' + text.slice(0, 60));
    if (own.includes('\\u2026') && !allowed.some(a => a.includes(own.trim())))
      cut.push('ellipsis written in: ' + own.trim().slice(0, 60));
    const clips = ['hidden', 'clip'].includes(s.overflowX);
    if (clips && own.trim() && el.scrollWidth > el.clientWidth + 1)
      cut.push('clipped across: ' + own.trim().slice(0, 60));
  }
  // Inside a clipping box (the slide's main area, a column, the wall), nothing may reach past it.
  for (const box of document.querySelectorAll('.wp-main, .wp-column, .wp-wall')) {
    const b = box.getBoundingClientRect();
    for (const el of box.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.bottom > b.bottom + 1 || r.right > b.right + 1 || r.left < b.left - 1)
        cut.push('past its box: ' + (el.textContent || el.className.baseVal || '').slice(0, 60));
    }
  }
  // An SVG's text (the wheel's names) stays inside its drawing.
  for (const svg of document.querySelectorAll('svg')) {
    const view = svg.viewBox && svg.viewBox.baseVal;
    if (!view || !view.width) continue;
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBBox();
      if (b.x < view.x - 1 || b.y < view.y - 1 || b.x + b.width > view.x + view.width + 1 ||
          b.y + b.height > view.y + view.height + 1)
        cut.push('outside its drawing: ' + t.textContent);
    }
  }
  return cut;
}
"""

_CONTRAST = """
(least) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => {
      v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  // What is behind an element: the first background colour up its ancestors, and every colour
  // of a gradient on the way (a bar's tint: its text lies over the tint and past it).
  const behind = (el) => {
    const found = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (s.backgroundImage && s.backgroundImage !== 'none')
        for (const m of s.backgroundImage.matchAll(/rgba?\\([^)]*\\)/g)) {
          const c = rgb(m[0]); if (c.length < 4 || c[3] > 0) found.push(c.slice(0, 3));
        }
      const c = rgb(s.backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0)) { found.push(c.slice(0, 3)); return found; }
    }
    found.push([255, 255, 255]);
    return found;
  };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || el.closest('.d-none'))
      continue;
    if (el.closest('button:disabled')) continue;  // WCAG exempts what cannot be used
    const ink = el instanceof SVGElement ? rgb(s.fill) : rgb(s.color);
    if (ink.length < 3) continue;
    for (const back of behind(el)) {
      const value = ratio(ink.slice(0, 3), back);
      if (value < least) low.push(`${value.toFixed(2)}: ${el.textContent.trim().slice(0, 40)}`);
    }
  }
  return low;
}
"""

_UNNAMED = """
() => [...document.querySelectorAll('button, a[href], select, input, [role=button]')]
  .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
  .filter(el => {
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
    const name = (el.getAttribute('aria-label') || el.innerText || (label && label.innerText) ||
                  el.title || '').trim();
    const face = ['BUTTON', 'A'].includes(el.tagName) ? (el.innerText || '').trim() : '';
    // A name says what the control acts on, and holds the words on its face (WCAG 2.5.3).
    return !name || (face && !name.toLowerCase().includes(face.toLowerCase()));
  })
  .map(el => el.outerHTML.slice(0, 120))
"""


def cut_text(page: Page, allowed: list[str]) -> list[str]:
    """Every text shown cut short: by CSS (an ellipsis, a clamp, a clipping box), outside its
    drawing, or ending in an ellipsis none of the `allowed` texts (the content's) wrote."""
    found: list[str] = page.evaluate(_CUT, allowed)
    return found


def low_contrast(page: Page, least: float = CONTRAST) -> list[str]:
    """Every visible text under `least`:1 against what is behind it (SVG text: its fill)."""
    found: list[str] = page.evaluate(_CONTRAST, least)
    return found


def unnamed_controls(page: Page) -> list[str]:
    """Controls with no accessible name, or whose name leaves out the words on their face."""
    found: list[str] = page.evaluate(_UNNAMED)
    return found


def measures(page: Page) -> dict[str, Any]:
    """The big screen's slide, its smallest type (SVG text scaled as drawn) and any control."""
    found: dict[str, Any] = page.evaluate(
        """() => {
          const root = document.querySelector('.workshop-presenter');
          let smallest = 1e9, smallestText = '';
          for (const el of root.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            let size = parseFloat(getComputedStyle(el).fontSize);
            if (el instanceof SVGGraphicsElement) size *= el.getScreenCTM().a;
            if (size < smallest) { smallest = size; smallestText = el.textContent.trim(); }
          }
          return {
            slide: root.dataset.slide, smallest, smallestText,
            scrollWidth: document.documentElement.scrollWidth,
            scrollHeight: document.documentElement.scrollHeight,
            controls: document.querySelectorAll(
              'button, input, select, textarea, a[href], [role=button]').length,
          };
        }"""
    )
    return found
