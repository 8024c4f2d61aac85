//! `/seller/new` and `/seller/p/{id}`: the listing form, where seller staff list a new product or
//! change one of theirs. A plain form: it works without WASM, and a refusal shows every field's
//! problem beside it with what was typed.

use crate::{
    api::seller::{
        get_listing, ArrangePicture, CreateListing, EditListing, PictureField, RecordingField,
        RemovePicture, RemoveRecording, UploadPicture, UploadRecording,
    },
    domain::{
        catalog::{Container, Localized, Picture, UnitKind, Video, Voice},
        form::FormField,
        listing::{
            ListingField, ListingInput, PictureMove, RecordingSlot, DESCRIPTION_MAX, MAX_PICTURES,
        },
        ProductId,
    },
    error::AppError,
    i18n::Msg,
    page::{form::Flash, seller::ListingPage},
    ui::{
        form::{
            field_ids, field_problem, flash, typed, FieldProblemLine, FileInput, FormError, Input,
            PostForm, Select, SubmitButton, TextArea,
        },
        head::PageTitle,
        i18n::{loc, t},
        load::load,
        picture::PictureView,
        search::route_param,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_query_map;

/// `/seller/new`.
#[component]
pub fn NewListingPage() -> impl IntoView {
    view! {
        <PageTitle text=t(Msg::NewListing)/>
        {load(get_listing(None), |page| view! { <ListingForm page/> })}
    }
}

/// `/seller/p/{id}`.
#[component]
pub fn EditListingPage() -> impl IntoView {
    let id = route_param("id").parse::<ProductId>();
    let fetch = async move { get_listing(Some(id.map_err(|_| AppError::NotFound)?)).await };
    view! {
        <PageTitle text=t(Msg::EditListing)/>
        {load(fetch, |page| view! { <ListingForm page/> })}
    }
}

#[component]
fn ListingForm(page: ListingPage) -> impl IntoView {
    let ListingPage {
        seller,
        product,
        listing,
        hidden,
        categories,
        goods,
        pictures,
        voice,
        video,
        manager,
    } = page;
    // Staff set a new listing's first price; after that the price is the manager's.
    let price_locked = product.is_some() && !manager;
    let (action, hidden_fields) = match product {
        Some(id) => (
            <EditListing as ServerFn>::url(),
            vec![("id", id.to_string())],
        ),
        None => (<CreateListing as ServerFn>::url(), vec![]),
    };
    // Just listed: the form's answer sent the browser here (a reload says it again, still true).
    let listed = use_query_map().with_untracked(|q| q.get("listed").is_some());
    let status = match (flash(), product) {
        (Some(Flash::ListingSaved(f)), Some(id)) if f == id => Some(Msg::Saved),
        (_, Some(_)) if listed => Some(Msg::Listed),
        _ => None,
    };
    let picture_name = Localized::new(listing.name_ko.clone(), listing.name_en.clone());
    let ListingInput {
        name_ko,
        name_en,
        description_ko,
        description_en,
        category,
        unit_kind,
        unit_amount,
        weight_g,
        volume_ml,
        price,
        stock,
        group,
    } = listing;
    let units = [
        (UnitKind::Pieces, Msg::UnitKindPiece),
        (UnitKind::Pairs, Msg::UnitKindPair),
        (UnitKind::Grams, Msg::UnitKindG),
        (UnitKind::Millilitres, Msg::UnitKindMl),
    ]
    .map(|(k, m)| (k.code().to_string(), t(m).to_string()))
    .to_vec();
    let mut groups = vec![
        ("suggest".to_string(), t(Msg::GroupSuggest).to_string()),
        ("none".to_string(), t(Msg::GroupNone).to_string()),
    ];
    groups.extend(
        goods
            .into_iter()
            .map(|(id, name)| (id.to_string(), loc(name))),
    );
    let mut by_parent: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for c in categories {
        let parent = loc(c.parent);
        let option = (c.id.to_string(), loc(c.name));
        match by_parent.last_mut() {
            Some((p, options)) if *p == parent => options.push(option),
            _ => by_parent.push((parent, vec![option])),
        }
    }
    let title = if product.is_some() {
        Msg::EditListing
    } else {
        Msg::NewListing
    };
    view! {
        <section class="console listing" data-testid="listing">
            <p><a href="/seller">{t(Msg::BackToConsole)}</a></p>
            <h1>{t(title)} " · " {loc(seller)}</h1>
            {product.map(|id| view! {
                <p>
                    <a href=format!("/p/{id}") data-testid="view-product">{t(Msg::ViewProduct)}</a>
                    {hidden.then(|| view! { " " <span class="badge">{t(Msg::ProductHidden)}</span> })}
                </p>
            })}
            {status.map(|m| view! { <p class="done" role="status" data-testid="listing-saved">{t(m)}</p> })}
            <p class="hint">{t(Msg::ListingIntro)}</p>
            <PostForm action hidden=hidden_fields class="form">
                <Input field=ListingField::NameKo label=Msg::NameKo initial=name_ko autocomplete="off"/>
                <Input field=ListingField::NameEn label=Msg::NameEn initial=name_en autocomplete="off"/>
                <TextArea field=ListingField::DescriptionKo label=Msg::DescriptionKo value=description_ko max=DESCRIPTION_MAX/>
                <TextArea field=ListingField::DescriptionEn label=Msg::DescriptionEn value=description_en max=DESCRIPTION_MAX/>
                <CategorySelect value=category groups=by_parent/>
                <Select field=ListingField::UnitKind label=Msg::UnitKindLabel value=unit_kind options=units/>
                <Input field=ListingField::UnitAmount label=Msg::UnitAmountLabel hint=Msg::UnitAmountHint
                    initial=unit_amount inputmode="numeric" autocomplete="off"/>
                <Input field=ListingField::Weight label=Msg::WeightLabel hint=Msg::WeightHint
                    initial=weight_g inputmode="numeric" autocomplete="off"/>
                <Input field=ListingField::Volume label=Msg::VolumeLabel hint=Msg::VolumeHint
                    initial=volume_ml inputmode="numeric" autocomplete="off"/>
                {if price_locked {
                    view! {
                        <Input field=ListingField::Price label=Msg::PriceInWon hint=Msg::PriceManagersHint
                            initial=price inputmode="decimal" autocomplete="off" readonly=true/>
                    }.into_any()
                } else {
                    view! {
                        <Input field=ListingField::Price label=Msg::PriceInWon
                            initial=price inputmode="decimal" autocomplete="off"/>
                    }.into_any()
                }}
                <Input field=ListingField::Stock label=Msg::Stock
                    initial=stock inputmode="numeric" autocomplete="off"/>
                <Select field=ListingField::Group label=Msg::GroupLabel hint=Msg::GroupHint
                    value=group options=groups/>
                <FormError/>
                <SubmitButton label=if product.is_some() { Msg::Save } else { Msg::NewListing }/>
            </PostForm>
            {product.map(|product| view! {
                <Pictures product pictures name=picture_name/>
                <Recordings product voice video/>
            })}
        </section>
    }
}

/// The category: subcategories grouped under their parents.
#[component]
fn CategorySelect(value: String, groups: Vec<(String, Vec<(String, String)>)>) -> impl IntoView {
    let field = ListingField::Category;
    let (id, error_id) = field_ids(field, "");
    let problem = field_problem(field);
    let value = typed(field.input()).unwrap_or(value);
    view! {
        <div class="field" class:invalid=problem.is_some()>
            <label for=id.clone()>{t(Msg::Category)}</label>
            <select id=id name=field.input() required=true
                aria-invalid=problem.is_some().then_some("true")
                aria-describedby=error_id data-testid="input-category">
                <option value="" selected=value.is_empty()>{t(Msg::ChooseCategory)}</option>
                {groups.into_iter().map(|(parent, options)| view! {
                    <optgroup label=parent>
                        {options.into_iter().map(|(v, words)| {
                            let selected = v == value;
                            view! { <option value=v selected=selected>{words}</option> }
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
            <FieldProblemLine field/>
        </div>
    }
}

/// A listed product's pictures, the main one first, each with its moves; and the upload form, from
/// a file or a phone's camera.
#[component]
fn Pictures(product: ProductId, pictures: Vec<Picture>, name: Localized) -> impl IntoView {
    let added = flash() == Some(Flash::PictureAdded(product));
    let count = pictures.len();
    let last = count.saturating_sub(1);
    let moves = move |i: usize, media: String| {
        [
            (i > 0, PictureMove::Main, Msg::MakeMain),
            (i > 1, PictureMove::Earlier, Msg::MoveEarlier),
            (i > 0 && i < last, PictureMove::Later, Msg::MoveLater),
        ]
        .into_iter()
        .filter(|(shown, _, _)| *shown)
        .map(|(_, to, label)| {
            view! {
                <PostForm action={<ArrangePicture as ServerFn>::url()}
                    hidden=vec![("id", product.to_string()), ("media", media.clone()), ("to", to.code().to_string())]
                    class="inline">
                    <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(label)}</button>
                </PostForm>
            }
        })
        .collect_view()
    };
    view! {
        <section class="pictures" aria-labelledby="pictures-h" data-testid="pictures">
            <h2 id="pictures-h">{t(Msg::Pictures)}</h2>
            {added.then(|| view! { <p class="done" role="status" data-testid="picture-added">{t(Msg::PictureAdded)}</p> })}
            {(count == 0).then(|| view! { <p class="empty">{t(Msg::NoPictures)}</p> })}
            <ol class="picture-list">
                {pictures.into_iter().enumerate().map(|(i, picture)| {
                    let media = picture.id.to_string();
                    view! {
                        <li data-testid="picture">
                            <PictureView picture alt=name.clone() sizes="120px"/>
                            {(i == 0).then(|| view! { <span class="badge">{t(Msg::MainPicture)}</span> })}
                            {moves(i, media.clone())}
                            <PostForm action={<RemovePicture as ServerFn>::url()}
                                hidden=vec![("id", product.to_string()), ("media", media)] class="inline">
                                <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::RemovePicture)}</button>
                            </PostForm>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(count < MAX_PICTURES).then(|| view! {
                <PostForm action={<UploadPicture as ServerFn>::url()} hidden=vec![("id", product.to_string())]
                    class="form" upload=true>
                    <FileInput field=PictureField::Picture label=Msg::AddPicture
                        accept="image/jpeg,image/png,image/webp" hint=Msg::PictureHint/>
                    <FormError/>
                    <button type="submit" data-testid="upload">{t(Msg::UploadPicture)}</button>
                </PostForm>
            })}
        </section>
    }
}

/// A listed product's voice descriptions (Korean, English) and video, each played where it is,
/// with a form that uploads a new one in its place and a button that takes it off.
#[component]
fn Recordings(product: ProductId, voice: Option<Voice>, video: Option<Video>) -> impl IntoView {
    let added = flash() == Some(Flash::RecordingAdded(product));
    let stored = |slot: RecordingSlot| -> Option<(String, Container)> {
        let in_voice = |c: Option<Container>| {
            let v = voice.as_ref()?;
            c.map(|c| (v.file_url(slot.code(), c), c))
        };
        match slot {
            RecordingSlot::Korean => in_voice(voice.as_ref().and_then(|v| v.korean)),
            RecordingSlot::English => in_voice(voice.as_ref().and_then(|v| v.english)),
            RecordingSlot::Video => video.map(|v| (v.url(), v.container)),
        }
    };
    let slots = RecordingSlot::ALL.map(|slot| {
        let (label, hint, accept) = match slot {
            RecordingSlot::Korean => (Msg::KoreanVoice, Msg::VoiceHint, VOICE_TYPES),
            RecordingSlot::English => (Msg::EnglishVoice, Msg::VoiceHint, VOICE_TYPES),
            RecordingSlot::Video => (Msg::Video, Msg::VideoHint, VIDEO_TYPES),
        };
        let code = slot.code();
        let hidden = || vec![("id", product.to_string()), ("slot", code.to_string())];
        let heading = format!("recording-{code}-h");
        let file = stored(slot);
        let has = file.is_some();
        let player = match file {
            Some((src, Container::WebM | Container::Mp4)) => view! {
                <video controls preload="none" width="320" height="240" src=src
                    aria-labelledby=heading.clone()></video>
            }
            .into_any(),
            Some((src, _)) => view! {
                <audio controls preload="none" src=src aria-labelledby=heading.clone()></audio>
            }
            .into_any(),
            None => view! { <p class="empty">{t(Msg::NoRecording)}</p> }.into_any(),
        };
        view! {
            <div class="recording" data-testid=format!("recording-{code}")>
                <h3 id=heading.clone()>{t(label)}</h3>
                {player}
                {has.then(|| view! {
                    <PostForm action={<RemoveRecording as ServerFn>::url()} hidden=hidden() class="inline">
                        <button type="submit" class="secondary" data-pending=t(Msg::Submitting)>{t(Msg::RemoveRecording)}</button>
                    </PostForm>
                })}
                <PostForm action={<UploadRecording as ServerFn>::url()} hidden=hidden()
                    class="form" upload=true>
                    <FileInput field=RecordingField::Recording label=Msg::ChooseFile accept hint
                        scope=format!("{code}-")/>
                    <FormError/>
                    <button type="submit" data-testid="upload">{t(Msg::UploadFile)}</button>
                </PostForm>
            </div>
        }
    });
    view! {
        <section class="recordings" aria-labelledby="recordings-h" data-testid="recordings">
            <h2 id="recordings-h">{t(Msg::Recordings)}</h2>
            {added.then(|| view! { <p class="done" role="status" data-testid="recording-added">{t(Msg::RecordingAdded)}</p> })}
            {slots.into_iter().collect_view()}
        </section>
    }
}

/// What the voice file chooser offers (a phone's recorder among them).
const VOICE_TYPES: &str = "audio/ogg,audio/opus,audio/mpeg,.ogg,.oga,.opus,.mp3";
/// What the video file chooser offers (a phone's camera among them).
const VIDEO_TYPES: &str = "video/webm,video/mp4,.webm,.mp4,.m4v";
