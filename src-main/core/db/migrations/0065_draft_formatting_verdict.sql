-- Whether a message's HTML has formatting its text loses (src-main/core/drafts/lost-formatting.ts),
-- kept once judged: drafts.onServer lists another program's drafts each time the New message
-- dialog hears of a change (a save of the text being typed, a sync batch), and parsing their HTML
-- every time took ~150 ms for 200 drafts of 50 kB. NULL: not judged yet (server-drafts.ts judges
-- and stores it when listing).
ALTER TABLE messages ADD COLUMN loses_formatting INTEGER CHECK (loses_formatting IN (0, 1));

-- A new version of the HTML (a newer copy of the draft, a charset repair) is judged again,
-- whichever code writes it.
CREATE TRIGGER messages_formatting_judged_again AFTER UPDATE OF body_html ON messages
WHEN old.body_html IS NOT new.body_html BEGIN
  UPDATE messages SET loses_formatting = NULL WHERE id = new.id;
END;
