"""The live room's stylesheets: the attendee's phone first, the remote on a phone or a laptop.

Each is a `<style>` in an HTML widget at the top of its view, so it applies the same served by
`workshop serve`, on Voilà and in JupyterLab; every rule is scoped under the view's own class,
so it never restyles a notebook around it. Rules marked ``!important`` override the inline
widths the keynote's views set for a laptop.
"""

from __future__ import annotations

from workshop.ui.base import stylesheet

__all__ = ["ATTENDEE_CSS", "REMOTE_CSS", "stylesheet"]

#: The attendee app (`.workshop-live-app`): nothing wider than the phone, taps of at least
#: 44 px, the selected rating unmistakable, the resume code on one line.
ATTENDEE_CSS = """
.workshop-live-app { max-width: 760px; margin: 0 auto; padding: 8px 8px 48px;
  box-sizing: border-box; font-size: 17px; line-height: 1.45; overflow-wrap: anywhere; }
.workshop-live-app * { box-sizing: border-box; }
.workshop-live-app .widget-box, .workshop-live-app .widget-html, .workshop-live-app
  .widget-inline-hbox, .workshop-live-app .widget-html-content { max-width: 100%; }
.workshop-live-app .widget-hbox { flex-wrap: wrap; gap: 6px; }
.workshop-live-app .jupyter-button, .workshop-live-app .widget-button,
.workshop-live-app .widget-toggle-button { min-height: 44px; height: auto; min-width: 44px;
  font-size: 16px; white-space: normal; line-height: 1.2; padding: 6px 12px; }
.workshop-live-app input[type=text], .workshop-live-app textarea { font-size: 16px;
  min-height: 44px; }
.workshop-live-app .widget-text, .workshop-live-app .widget-textarea { width: 100% !important;
  max-width: 100%; margin-left: 0; margin-right: 0; }
.workshop-live-app .widget-text input, .workshop-live-app .widget-textarea textarea {
  min-width: 0; flex: 1 1 auto; }
.workshop-live-app .widget-html > .widget-html-content,
.workshop-remote .widget-html > .widget-html-content { line-height: 1.45 !important;
  height: auto; }
.workshop-live-app .widget-label, .workshop-live-app .widget-label-basic { white-space: normal;
  height: auto; line-height: 1.3; }
.workshop-live-app .widget-checkbox { width: 100% !important; min-height: 44px; height: auto; }
.workshop-live-app .widget-checkbox label { display: flex; align-items: center;
  white-space: normal; line-height: 1.3; min-height: 44px; }
.workshop-live-app .widget-checkbox input { width: 22px; height: 22px; margin: 0 12px 0 0;
  flex: 0 0 auto; }
.workshop-step-nav { display: grid !important; gap: 6px; margin: 6px 0 10px;
  grid-template-columns: repeat(auto-fill, minmax(7.2em, 1fr)); }
.workshop-step-nav .jupyter-button { width: 100% !important; margin: 0; }
.workshop-step-nav .jupyter-button.mod-primary { font-weight: 700;
  box-shadow: inset 0 -4px 0 rgba(0, 0, 0, 0.35); }
.workshop-resume-code { white-space: nowrap; }
.workshop-live-app .workshop-wheel { width: 100% !important; max-width: 460px; }
.workshop-wheel-svg { width: 100%; height: auto; display: block; }
.workshop-live-app .workshop-balance .widget-toggle-buttons { display: flex; flex-wrap: nowrap;
  max-width: 100%; }
.workshop-live-app .workshop-balance .widget-toggle-button { flex: 1 1 0; min-width: 44px;
  max-width: 56px; width: auto !important; margin: 1px; padding: 6px 0; }
.workshop-live-app .widget-toggle-buttons .widget-toggle-button.mod-active {
  background: #1f5fbf; color: #ffffff; font-weight: 700; outline: 3px solid #0b2e66;
  outline-offset: -3px; }
.workshop-live-app .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.workshop-live-app img, .workshop-live-app .widget-image { max-width: 100% !important;
  height: auto; }
.workshop-waiting-note { font-size: 1.15em; padding: 14px; margin: 8px 0; border-radius: 8px;
  background: #eef4ff; border: 1px solid #b9cdf2; }
"""

#: The facilitator's remote (`.workshop-remote`): big buttons for a thumb on a phone, every
#: text and control at least 4.5:1 against what is behind it, and a visible focus ring.
REMOTE_CSS = """
.workshop-remote { max-width: 900px; margin: 0 auto; padding: 8px 12px 40px;
  box-sizing: border-box; font-size: 17px; line-height: 1.4; overflow-wrap: anywhere;
  color: #1b1b1b; background: #ffffff; }
.workshop-remote * { box-sizing: border-box; }
.workshop-remote .d-none { display: none !important; }
.workshop-remote .widget-box, .workshop-remote .widget-html,
.workshop-remote .widget-html-content { max-width: 100%; }
.workshop-remote .widget-html-content { font-size: 17px; color: #1b1b1b; }
.workshop-remote .workshop-ended-banner { border: 2px solid #1f4e89; border-radius: 6px;
  padding: 8px 12px; background: #eef3fa; margin: 8px 0; }
.workshop-remote .widget-hbox { flex-wrap: wrap; gap: 8px; }
.workshop-remote .workshop-control { min-height: 48px; min-width: 48px; height: auto;
  font: inherit; font-size: 17px; font-weight: 600; line-height: 1.2; padding: 8px 14px;
  white-space: normal; text-align: center; border-radius: 6px; cursor: pointer;
  border: 2px solid #1f4e89; background: #ffffff; color: #1f4e89;
  text-decoration: none; display: inline-flex; align-items: center; justify-content: center; }
.workshop-remote .workshop-control:hover { background: #e8eef7; }
.workshop-remote .workshop-control:focus-visible { outline: 3px solid #0b2e66;
  outline-offset: 2px; }
.workshop-remote .workshop-control:disabled { cursor: default; color: #595959;
  border-color: #8c8c8c; background: #f2f2f2; }
.workshop-remote .workshop-control.workshop-primary,
.workshop-remote .workshop-control.is-on { background: #1f4e89; color: #ffffff; }
.workshop-remote .workshop-control.workshop-primary:disabled { background: #f2f2f2;
  color: #595959; }
.workshop-remote .workshop-control.workshop-danger { background: #8a1c1c; color: #ffffff;
  border-color: #8a1c1c; }
.workshop-remote .workshop-remote-pair > * { flex: 1 1 40%; }
.workshop-remote .workshop-remote-pair .workshop-control { width: 100%; }
.workshop-remote .workshop-reveal, .workshop-remote .workshop-wide,
.workshop-remote .workshop-end-workshop, .workshop-remote .workshop-reopen { width: 100%; }
.workshop-remote .workshop-remote-step, .workshop-remote .workshop-remote-segment-row,
.workshop-remote .workshop-wall-group { display: grid !important; align-items: center;
  grid-template-columns: 1fr auto; gap: 8px; padding: 4px 0; border-bottom: 1px solid #d0d0d0; }
.workshop-remote .workshop-remote-step { grid-template-columns: 1fr auto auto; }
.workshop-remote .workshop-remote-step .workshop-control { min-width: 6em; }
.workshop-remote .workshop-step-state { display: inline-block; padding: 2px 10px;
  border-radius: 999px; font-size: 0.9em; font-weight: 700; }
.workshop-remote .workshop-step-state.is-open { background: #e3f1e5; color: #1b5e20; }
.workshop-remote .workshop-step-state.is-locked { background: #eeeeee; color: #3d3d3d; }
.workshop-remote .workshop-muted { color: #595959; }
.workshop-remote .workshop-countdown { font-size: 2.4em; font-weight: 700;
  font-variant-numeric: tabular-nums; }
.workshop-remote h3 { margin: 16px 0 6px; }
.workshop-remote .workshop-tiles { display: grid; gap: 6px;
  grid-template-columns: repeat(auto-fill, minmax(7em, 1fr)); }
.workshop-remote .workshop-tile { border: 1px solid #b8c2d1; border-radius: 6px;
  padding: 4px 8px; background: #f6f8fb; }
.workshop-remote .workshop-tile b { display: block; font-size: 1.6em;
  font-variant-numeric: tabular-nums; }
.workshop-remote .workshop-notes small { display: block; color: #3d3d3d; margin-top: 4px; }
.workshop-remote .workshop-downloads { display: flex; flex-wrap: wrap; gap: 8px;
  margin-top: 8px; }
.workshop-remote .workshop-downloads .workshop-control { flex: 1 1 12em; }
.workshop-remote .workshop-end-panel { gap: 8px; }
.workshop-remote .widget-dropdown { height: auto; flex-wrap: wrap; align-items: center;
  gap: 8px; width: 100% !important; }
.workshop-remote .widget-dropdown select { font-size: 17px; height: 44px; color: #1b1b1b;
  flex: 0 0 auto; width: auto; min-width: 7em; border: 2px solid #595959; }
.workshop-remote .widget-dropdown label { font-size: 17px; color: #1b1b1b; height: auto;
  line-height: 1.3; white-space: normal; max-width: 100%; }
"""
