// Parses .ics files with ical.js (the parser of Thunderbird and Nextcloud) and prints what it understood
// as JSON, with recurring events expanded the way a client shows them (EXDATE applied, moved occurrences
// from RECURRENCE-ID components put in place). Usage: node dump_ics.mjs UNTIL-YYYY-MM-DD FILE...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function time(value) {
  if (!value) return null;
  return {
    text: value.toString(),
    isDate: value.isDate,
    tzid: value.zone ? value.zone.tzid : null,
    unix: value.isDate ? null : value.toUnixTime(),
  };
}

function textProps(component, name) {
  return component.getAllProperties(name).map((p) => p.getValues().map(String));
}

function dump(file, until) {
  const text = readFileSync(file, "utf8");
  const root = new ICAL.Component(ICAL.parse(text));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const calendar = {};
  for (const name of ["version", "prodid", "name", "x-wr-calname", "description", "x-wr-caldesc", "color",
    "refresh-interval", "x-published-ttl", "url", "source", "method"]) {
    const prop = root.getFirstProperty(name);
    calendar[name] = prop ? String(prop.getFirstValue()) : null;
    if (prop && name === "refresh-interval") calendar["refresh-interval-type"] = prop.type;
  }
  const vevents = root.getAllSubcomponents("vevent");
  const events = vevents.map((c) => ({
    uid: c.getFirstPropertyValue("uid"),
    summary: c.getFirstPropertyValue("summary"),
    description: c.getFirstPropertyValue("description"),
    location: c.getFirstPropertyValue("location"),
    categories: textProps(c, "categories").flat(),
    url: c.getFirstPropertyValue("url"),
    color: c.getFirstPropertyValue("color"),
    transp: c.getFirstPropertyValue("transp"),
    sequence: c.getFirstPropertyValue("sequence"),
    dtstamp: time(c.getFirstPropertyValue("dtstamp")),
    lastModified: time(c.getFirstPropertyValue("last-modified")),
    start: time(c.getFirstPropertyValue("dtstart")),
    end: time(c.getFirstPropertyValue("dtend")),
    recurrenceId: time(c.getFirstPropertyValue("recurrence-id")),
    rrule: c.getFirstProperty("rrule") ? c.getFirstPropertyValue("rrule").toString() : null,
    exdates: c.getAllProperties("exdate").flatMap((p) => p.getValues().map(time)),
  }));
  // Expand like a client: masters with their exceptions related to them.
  const masters = new Map();
  const exceptions = [];
  for (const c of vevents) {
    const event = new ICAL.Event(c);
    if (event.isRecurrenceException()) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const exception of exceptions) masters.get(exception.uid).relateException(exception);
  const stop = ICAL.Time.fromDateString(until);
  const occurrences = {};
  for (const [uid, event] of masters) {
    const list = [];
    if (event.isRecurring()) {
      const iterator = event.iterator();
      let next;
      let guard = 0;
      while ((next = iterator.next()) && next.compare(stop) < 0 && guard++ < 5000) {
        const details = event.getOccurrenceDetails(next);
        list.push({ start: time(details.startDate), end: time(details.endDate), summary: details.item.summary,
          location: details.item.location, local: details.startDate.toString(),
          recurrenceId: details.recurrenceId.toString() });
      }
    } else {
      list.push({ start: time(event.startDate), end: time(event.endDate), summary: event.summary,
        location: event.location, local: event.startDate.toString(), recurrenceId: null });
    }
    occurrences[uid] = list;
  }
  return { file, calendar, events, occurrences };
}

const [until, ...paths] = process.argv.slice(2);
process.stdout.write(JSON.stringify(paths.map((p) => dump(p, until))));
