-- Pictures a buyer adds to their review (at most three), in the order they were added. Hiding a
-- review deletes its pictures.
CREATE TABLE review_media (
    review_id BIGINT NOT NULL REFERENCES reviews (id),
    media_id  BIGINT NOT NULL REFERENCES media (id),
    position  BIGINT NOT NULL,
    PRIMARY KEY (review_id, media_id)
);
CREATE INDEX review_media_by_media ON review_media (media_id);
