-- Pictures a buyer adds to their review (at most three), in the order they were added. Hiding a
-- review deletes its pictures.
CREATE TABLE review_media (
    review_id INTEGER NOT NULL REFERENCES reviews (id),
    media_id  INTEGER NOT NULL REFERENCES media (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (review_id, media_id)
);
CREATE INDEX review_media_by_media ON review_media (media_id);
